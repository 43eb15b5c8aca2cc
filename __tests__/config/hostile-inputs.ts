/**
 * Malformed environment files: each is a valid base document with one thing
 * broken, and the message the loader must give (file:line:col is checked by
 * the test). Kept as data so the same inputs can be fed to other entry points.
 */
export const VALID_ENVIRONMENT = `project: acme
account:
  id: "123456789012"
  region: eu-west-1
state:
  bucket: acme-tfstate-hostile
dns:
  domain: hostile.acme-example.com
  publicZoneId: Z0HOSTILEZONE
network:
  vpc:
    cidr: 10.0.0.0/16
    availabilityZones: [eu-west-1a, eu-west-1b]
eks:
  version: "1.35"
  addons:
    vpcCni: { version: v1.21.1-eksbuild.3 }
    coredns: { version: v1.13.2-eksbuild.4 }
    kubeProxy: { version: v1.35.3-eksbuild.2 }
    podIdentityAgent: { version: v1.3.8-eksbuild.2 }
  nodeGroups:
    system:
      instanceTypes: [m6i.large]
      scaling: { minSize: 1, maxSize: 2 }
    spot:
      capacityType: SPOT
      instanceTypes: [m5.large, m6i.large, m7i.large]
      scaling: { minSize: 0, maxSize: 4 }
services:
  web:
    image: public.ecr.aws/acme/web:1.0.0
    ingress: alb
    containerPort: 8080
  worker:
    image: public.ecr.aws/acme/worker:1.0.0
    ingress: none
    egress:
      uploads: { type: s3, bucket: acme-uploads }
`;

export interface HostileCase {
  readonly name: string;
  /** The file's text, or a function producing it (for large inputs). */
  readonly text: string | (() => string);
  /** Every message must match one of these, and each must match some message. */
  readonly messages: readonly RegExp[];
}

const replace = (from: string | RegExp, to: string) => VALID_ENVIRONMENT.replace(from, to);

function aliasBomb(): string {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 0; level < 9; level++) {
    const prev = String.fromCharCode(97 + level);
    const next = String.fromCharCode(98 + level);
    lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]`);
  }
  return lines.join('\n');
}

export const HOSTILE_CASES: readonly HostileCase[] = [
  { name: 'missing-account', text: replace(/account:\n  id: "123456789012"\n  region: eu-west-1\n/, ''), messages: [/^account: required key is missing/] },
  { name: 'missing-region', text: replace('  region: eu-west-1\n', ''), messages: [/^account\.region: required key is missing \(expected an AWS region such as eu-west-1\)$/] },
  { name: 'mistyped-top-level-key', text: replace('network:', 'netwrok:'), messages: [/^netwrok: unknown key "netwrok"/, /^network: required key is missing/] },
  {
    name: 'mistyped-nested-key',
    text: replace('    cidr: 10.0.0.0/16', '    cdir: 10.0.0.0/16'),
    messages: [/^network\.vpc\.cdir: unknown key "cdir"; expected one of: cidr, /, /^network\.vpc\.cidr: required key is missing/],
  },
  {
    name: 'account-id-number',
    text: replace('id: "123456789012"', 'id: 123456789012'),
    messages: [/^account\.id: expected a 12-digit AWS account id in quotes, such as "123456789012", got number 123456789012$/],
  },
  { name: 'region-number', text: replace('region: eu-west-1', 'region: 42'), messages: [/^account\.region: expected an AWS region such as eu-west-1, got 42/] },
  {
    name: 'unknown-region',
    text: replace('region: eu-west-1', 'region: eu-west-9'),
    messages: [
      /^account\.region: expected an AWS region such as eu-west-1, got "eu-west-9", which is not in the region catalog of \d{4}-\d\d-\d\d; if AWS opened it since, set account\.regionOutsideCatalog: true$/,
      /^network\.vpc\.availabilityZones\[\d\]: expected an availability zone of eu-west-9, got eu-west-1[ab]$/,
    ],
  },
  {
    name: 'az-not-in-catalog',
    text: replace('[eu-west-1a, eu-west-1b]', '[eu-west-1a, eu-west-1d]'),
    messages: [/^network\.vpc\.availabilityZones\[1\]: eu-west-1d does not exist; the availability zones of eu-west-1 \(catalog of \d{4}-\d\d-\d\d\) are eu-west-1a, eu-west-1b, eu-west-1c$/],
  },
  {
    name: 'catalogued-region-opted-out',
    text: replace('  region: eu-west-1\n', '  region: eu-west-1\n  regionOutsideCatalog: true\n'),
    messages: [/^account\.regionOutsideCatalog: eu-west-1 is in the region catalog of \d{4}-\d\d-\d\d; remove account\.regionOutsideCatalog/],
  },
  {
    name: 'subnet-too-small',
    text: replace(
      '    availabilityZones: [eu-west-1a, eu-west-1b]\n',
      '    availabilityZones: [eu-west-1a, eu-west-1b]\n    subnets:\n      public: [10.0.0.0/29, 10.0.0.16/28]\n      private: [10.0.16.0/20, 10.0.32.0/20]\n',
    ),
    messages: [/^network\.vpc\.subnets\.public\[0\]: expected a subnet between \/16 and \/28 \(AWS limits\), got 10\.0\.0\.0\/29$/],
  },
  {
    name: 'az-outside-region',
    text: replace('[eu-west-1a, eu-west-1b]', '[eu-west-1a, us-east-1a]'),
    messages: [/^network\.vpc\.availabilityZones\[1\]: expected an availability zone of eu-west-1, got us-east-1a/],
  },
  {
    name: 'single-az',
    text: replace('[eu-west-1a, eu-west-1b]', '[eu-west-1a]'),
    messages: [
      /^network\.vpc\.availabilityZones: expected at least 2 availability zones$/,
      /^eks\.nodeGroups\.(system|spot)\.availabilityZones: expected at least 2 availability zones \(or perAz: true for one group per zone\), got 1$/,
    ],
  },
  { name: 'invalid-cidr', text: replace('cidr: 10.0.0.0/16', 'cidr: 10.0.0.300/16'), messages: [/^network\.vpc\.cidr: "10\.0\.0\.300\/16" has an octet above 255/] },
  { name: 'cidr-host-bits', text: replace('cidr: 10.0.0.0/16', 'cidr: 10.0.5.0/16'), messages: [/^network\.vpc\.cidr: "10\.0\.5\.0\/16" has host bits set/] },
  {
    name: 'overlapping-subnets',
    text: replace(
      '    availabilityZones: [eu-west-1a, eu-west-1b]\n',
      '    availabilityZones: [eu-west-1a, eu-west-1b]\n    subnets:\n      public: [10.0.0.0/24, 10.0.1.0/24]\n      private: [10.0.1.0/24, 10.0.32.0/20]\n',
    ),
    messages: [/^network\.vpc\.subnets\.private\[0\]: subnet 10\.0\.1\.0\/24 overlaps 10\.0\.1\.0\/24/],
  },
  {
    name: 'fewer-subnets-than-azs',
    text: replace(
      '    availabilityZones: [eu-west-1a, eu-west-1b]\n',
      '    availabilityZones: [eu-west-1a, eu-west-1b]\n    subnets:\n      public: [10.0.0.0/24]\n      private: [10.0.16.0/20, 10.0.32.0/20]\n',
    ),
    messages: [/^network\.vpc\.subnets\.public: expected one public subnet per availability zone \(2\), got 1/],
  },
  {
    name: 'unequal-spot-types',
    text: replace('[m5.large, m6i.large, m7i.large]', '[m5.large, m5.xlarge, m6i.large]'),
    messages: [/^eks\.nodeGroups\.spot\.instanceTypes: expected instance types of one size and architecture .*got m5\.large \(2 vCPU, 8 GiB, x86_64\), m5\.xlarge \(4 vCPU, 16 GiB, x86_64\)/],
  },
  {
    name: 'mixed-architectures',
    text: replace('[m5.large, m6i.large, m7i.large]', '[m5.large, m6g.large, m7i.large]'),
    messages: [/^eks\.nodeGroups\.spot\.instanceTypes: expected instance types of one size and architecture .*m6g\.large \(2 vCPU, 8 GiB, arm64\)/],
  },
  {
    name: 'unknown-instance-type',
    text: replace('[m5.large, m6i.large, m7i.large]', '[m5.large, m6i.large, m9z.large]'),
    messages: [/^eks\.nodeGroups\.spot\.instanceTypes: unknown instance type m9z\.large/],
  },
  {
    name: 'negative-size',
    text: replace('scaling: { minSize: 1, maxSize: 2 }', 'scaling: { minSize: -1, maxSize: 2 }'),
    messages: [/^eks\.nodeGroups\.system\.scaling\.minSize: expected number to be >=0, got number -1$/, /^eks\.nodeGroups: expected at least one node group with scaling\.minSize >= 1/],
  },
  {
    name: 'zero-max-size',
    text: replace('scaling: { minSize: 0, maxSize: 4 }', 'scaling: { minSize: 0, maxSize: 0 }'),
    messages: [/^eks\.nodeGroups\.spot\.scaling\.maxSize: expected number to be >=1, got number 0$/],
  },
  {
    name: 'min-above-max',
    text: replace('scaling: { minSize: 0, maxSize: 4 }', 'scaling: { minSize: 5, maxSize: 4 }'),
    messages: [/^eks\.nodeGroups\.spot\.scaling\.minSize: expected minSize <= maxSize \(4\), got 5$/],
  },
  { name: 'empty-node-groups', text: replace(/  nodeGroups:[\s\S]*?services:/, '  nodeGroups: {}\nservices:'), messages: [/^eks\.nodeGroups: expected at least one node group$/] },
  {
    name: 'eks-public-endpoint-open',
    text: replace('  version: "1.35"\n', '  version: "1.35"\n  endpoint: { publicAccess: true, publicAccessCidrs: [0.0.0.0/0] }\n'),
    messages: [/^eks\.endpoint\.publicAccessCidrs\[0\]: 0\.0\.0\.0\/0 would open the Kubernetes API to the whole internet/],
  },
  {
    name: 'invalid-role-arn',
    text: replace('  id: "123456789012"\n', '  id: "123456789012"\n  deployRoleArn: arn:aws:iam::123:role/deploy\n'),
    messages: [/^account\.deployRoleArn: expected an IAM role ARN/],
  },
  {
    name: 'name-outside-zone',
    text: replace('  publicZoneId: Z0HOSTILEZONE\n', '  publicZoneId: Z0HOSTILEZONE\n  edgeCertificate: { additionalNames: [www.other-example.com] }\n'),
    messages: [/^dns\.edgeCertificate\.additionalNames\[0\]: www\.other-example\.com is outside the zone hostile\.acme-example\.com/],
  },
  { name: 'duplicate-service-name', text: replace('  worker:\n', '  web:\n    image: public.ecr.aws/acme/web:1.0.1\n    ingress: none\n  worker:\n'), messages: [/^YAML: Map keys must be unique/] },
  {
    name: 'port-clash-with-envoy-admin',
    text: replace('containerPort: 8080', 'containerPort: 9901'),
    messages: [/^services\.web\.containerPort: port 9901 is already used by the Envoy admin interface/],
  },
  { name: 'privileged-port', text: replace('containerPort: 8080', 'containerPort: 80'), messages: [/^services\.web\.containerPort: expected a port of 1024 or above/] },
  { name: 'missing-container-port', text: replace('    containerPort: 8080\n', ''), messages: [/^services\.web\.containerPort: expected the application's port because ingress is alb/] },
  { name: 'unknown-ingress', text: replace('ingress: alb', 'ingress: nlb'), messages: [/^services\.web\.ingress: expected one of "alb", "apigw", "none", got string "nlb"/] },
  { name: 'bucket-with-dots', text: replace('bucket: acme-uploads', 'bucket: acme.uploads'), messages: [/^services\.worker\.egress\.uploads\.bucket: expected a bucket name without dots/] },
  {
    name: 'dynamodb-lock-without-table',
    text: replace('  bucket: acme-tfstate-hostile\n', '  bucket: acme-tfstate-hostile\n  locking: dynamodb\n'),
    messages: [/^state\.dynamodbTable: expected a table name because state\.locking is dynamodb/],
  },
  {
    name: 'suppression-without-reason',
    text: `${VALID_ENVIRONMENT}guardrails:\n  suppressions:\n    - { rule: alb-access-logs, resource: edge/alb, reason: because }\n`,
    messages: [/^guardrails\.suppressions\[0\]\.reason: expected a written reason of at least 20 characters/],
  },
  { name: 'yaml-syntax-error', text: replace('  region: eu-west-1', '  region: [eu-west-1'), messages: [/^YAML: Flow sequence in block collection must be sufficiently indented/] },
  { name: 'tab-indentation', text: replace('  region: eu-west-1', '\tregion: eu-west-1'), messages: [/^YAML: Tabs are not allowed as indentation$/] },
  { name: 'alias-bomb', text: aliasBomb, messages: [/^YAML: Excessive alias count/] },
  { name: 'top-level-list', text: '- project: acme\n', messages: [/^expected a mapping of settings at the top level/] },
  { name: 'empty-file', text: '', messages: [/^expected a mapping of settings at the top level/] },
  { name: 'binary-garbage', text: '\u0000\u0001\u0002PK\u0003\u0004', messages: [/^expected a mapping of settings at the top level$/] },
  { name: 'ten-megabyte-file', text: () => `${VALID_ENVIRONMENT}# ${'x'.repeat(10 * 1024 * 1024)}\n`, messages: [/^file is \d+ bytes; an environment file may be at most 262144 bytes/] },
  { name: 'deep-nesting', text: () => `${VALID_ENVIRONMENT}tags: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, messages: [/^YAML: the document is nested too deeply$/] },
];
