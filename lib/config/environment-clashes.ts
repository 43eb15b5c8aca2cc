import * as path from 'path';
import { formatLocation, type ConfigProblem } from './config-error';
import type { EnvironmentConfig } from './environment-schema';
import { apiDomainName, apiGatewayServiceNames } from './apigw-schema';
import { edgeCertificateNames } from '../dns/dns-names';
import { envoyTlsSecretNameOf, serviceHostname } from './derived-values';
import { cidrsOverlap, mustParseCidr } from '../network/cidr';
import { proxySecretId } from '../ecs/proxy-secrets';

/**
 * Environment files whose names differ only in the extension (`x.yml` beside
 * `x.yaml`) are one environment twice: the same stack names, the same state
 * keys (`x/platform.tfstate`). Every later file of a name is reported at 1:1.
 */
export function fileNameClashes(files: readonly string[], displayName: (file: string) => string): ConfigProblem[] {
  const first = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const file of files) {
    const name = path.basename(file).replace(/\.ya?ml$/, '');
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, file);
      continue;
    }
    problems.push({
      file: displayName(file),
      line: 1,
      column: 1,
      keyPath: '',
      message: `environment "${name}" is also defined by ${displayName(earlier)}: both would synthesize the stacks and state keys of "${name}" (${name}/platform.tfstate); keep one file`,
    });
  }
  return problems;
}

/** One thing an environment claims that no other environment, and no other entry of the same one, may claim too. */
interface Claim {
  /** Equal for two claims on the same thing. */
  readonly id: string;
  /** What is claimed, for the message: `state bucket acme-tfstate`. */
  readonly what: string;
  readonly keyPath: readonly (string | number)[];
  /**
   * Two entries of one environment may claim it together: ACM validates `x` and `*.x` with one CNAME, so the edge
   * certificate's names share their validation records. @default false
   */
  readonly sharedWithinEnvironment?: boolean;
}

/**
 * What two environments must not share, since the second `terraform apply`
 * would fail or take over the first one's resources:
 * - the state bucket: each environment's bootstrap stack creates its bucket;
 * - a record name in the same public hosted zone (the edge certificate's
 *   validation records, the ALB services' aliases, the API custom domain);
 * - a created public zone of the same name (only one can be delegated to);
 * - one existing hosted zone id given with two domains: `dns.publicZoneId` is the zone named `dns.domain`, and a
 *   zone has one name, so one of them is wrong (Route 53 refuses records outside a zone's name: InvalidChangeBatch).
 * Each clash is reported at the later environment's key, naming the earlier one's position. Names AWS keeps unique
 * per account or region (roles, secrets, log groups…) are compared on the synthesized stacks instead
 * (lib/guardrails/account-name-clashes.ts); clashes inside one environment are ownNameClashes'.
 */
export function environmentClashes(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const owners = new Map<string, { config: EnvironmentConfig; claim: Claim }>();
  const problems: ConfigProblem[] = [];
  for (const config of configs) {
    const seenHere = new Set<string>();
    for (const claim of claimsOf(config)) {
      // Inside one environment, ownNameClashes reported a second claim when the file was loaded.
      if (seenHere.has(claim.id)) continue;
      seenHere.add(claim.id);
      const owner = owners.get(claim.id);
      if (!owner) {
        owners.set(claim.id, { config, claim });
        continue;
      }
      const there = owner.config.problemAt(owner.claim.keyPath, '');
      const problem = config.problemAt(
        claim.keyPath,
        `${claim.what} is also used by environment ${owner.config.name} (${there.file}:${there.line}:${there.column}: ${there.keyPath}); each environment needs its own`,
      );
      problems.push(problem);
    }
    problems.push(...zoneNameClashes(config, configs.slice(0, configs.indexOf(config))));
  }
  return problems;
}

/**
 * Record names one environment creates twice in one public zone (an ALB service whose hostname is the API custom
 * domain: Route 53 holds one alias of a name and type, and the second apply takes it over), and public records
 * inside the environment's private zone (inside the VPC the private zone answers for every name below it, so the
 * name does not resolve there: tasks calling the API's custom domain, or another service's hostname, fail).
 * Reported at the second entry, naming the first; called by the loader once the file is valid.
 */
export function ownNameClashes(config: EnvironmentConfig): ConfigProblem[] {
  const first = new Map<string, Claim>();
  const problems: ConfigProblem[] = [];
  for (const claim of claimsOf(config)) {
    const earlier = first.get(claim.id);
    if (!earlier) {
      first.set(claim.id, claim);
      continue;
    }
    if (claim.sharedWithinEnvironment) continue;
    const there = config.problemAt(earlier.keyPath, '');
    problems.push(
      config.problemAt(
        claim.keyPath,
        `${claim.what} is also created by ${there.keyPath || 'this file'} (${there.file}:${there.line}:${there.column}); Route 53 holds one record of a name and type, so one would replace the other: give each its own name`,
      ),
    );
  }
  problems.push(...proxySecretClashes(config));
  const privateZone = config.dns.privateZone?.name;
  if (privateZone !== undefined) {
    const zoneAt = formatLocation(config.locate(['dns', 'privateZone', 'name']));
    for (const record of publicAliases(config)) {
      if (record.name !== privateZone && !record.name.endsWith(`.${privateZone}`)) continue;
      problems.push(
        config.problemAt(
          record.keyPath,
          `the public record ${record.name} falls inside the private zone ${privateZone} (${zoneAt}): ` +
            'inside the VPC the private zone answers for every name below it, so this name does not resolve from the tasks; choose a name outside it',
        ),
      );
    }
  }
  return problems;
}

/** `dns.publicZoneId` given with another domain by an earlier environment. */
function zoneNameClashes(config: EnvironmentConfig, earlier: readonly EnvironmentConfig[]): ConfigProblem[] {
  const zone = config.dns.publicZone;
  if (zone.kind !== 'existing') return [];
  const other = earlier.find((candidate) => candidate.dns.publicZone.kind === 'existing' && candidate.dns.publicZone.zoneId === zone.zoneId && candidate.dns.domain !== config.dns.domain);
  if (!other) return [];
  const there = other.problemAt(['dns', 'publicZoneId'], '');
  return [
    config.problemAt(
      ['dns', 'publicZoneId'],
      `hosted zone ${zone.zoneId} is the zone named ${other.dns.domain} in environment ${other.name} (${there.file}:${there.line}:${there.column}: dns.publicZoneId), ` +
        `but ${config.dns.domain} here: dns.publicZoneId must be the zone named dns.domain, and a zone has one name (Route 53 refuses records outside it); give each environment the id of its own domain's zone`,
    ),
  ];
}

/** The alias records an environment creates in its public zone, each with the entry it comes from. */
function publicAliases(config: EnvironmentConfig): { readonly name: string; readonly keyPath: (string | number)[] }[] {
  const dns = config.dns;
  const records = Object.entries(config.services)
    .filter(([, service]) => service.ingress === 'alb')
    .map(([name, service]) => ({ name: serviceHostname(name, service, dns.domain), keyPath: service.hostname === undefined ? ['services', name] : ['services', name, 'hostname'] }));
  const apiServices = apiGatewayServiceNames(config.services);
  if (apiServices.length > 0) {
    // The custom domain is made for the API services: a default one points at the first of them.
    records.push({ name: apiDomainName(config), keyPath: config.apiGateway.domain.name === undefined ? ['services', apiServices[0]] : ['apiGateway', 'domain', 'name'] });
  }
  return records;
}

function claimsOf(config: EnvironmentConfig): Claim[] {
  const bucket = config.state.bucket;
  const claims: Claim[] = [{ id: `bucket ${bucket}`, what: `state bucket ${bucket}`, keyPath: ['state', 'bucket'] }];
  const dns = config.dns;
  const zone = dns.publicZone.kind === 'existing' ? `zone ${dns.publicZone.zoneId}` : `the zone named ${dns.domain}`;
  if (dns.publicZone.kind === 'create') claims.push({ id: `created zone ${dns.domain}`, what: `created public hosted zone ${dns.domain}`, keyPath: ['dns', 'createPublicZone'] });
  for (const name of edgeCertificateNames(dns.domain, dns.edgeCertificate.additionalNames)) {
    // ACM validates x and *.x with one CNAME: the record of both is the name without the wildcard.
    const base = name.replace(/^\*\./, '');
    claims.push({
      id: `${zone} validation ${base}`,
      what: `the certificate validation record of ${base} in ${zone}`,
      keyPath: name === dns.domain || name === `*.${dns.domain}` ? ['dns', 'domain'] : ['dns', 'edgeCertificate', 'additionalNames'],
      sharedWithinEnvironment: true,
    });
  }
  for (const record of publicAliases(config)) {
    const what = record.keyPath[0] === 'services' && config.services[record.keyPath[1] as string]?.ingress === 'alb' ? 'the ALB alias' : 'the API custom domain alias';
    claims.push({ id: `${zone} alias ${record.name}`, what: `${what} ${record.name} in ${zone}`, keyPath: record.keyPath });
  }
  return claims;
}

/**
 * Warnings, not errors: VPC ranges of two environments in one account that overlap. Each stands alone today, but
 * VPC peering refuses overlapping ranges (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html)
 * and a transit gateway cannot route between them (one route per range), so connecting them later means
 * renumbering one VPC. Two environments on the same existing VPC share it on purpose and are not warned about.
 * Reported at the later environment's cidr, naming the earlier one's.
 */
export function vpcRangeOverlaps(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  configs.forEach((config, index) => {
    const mine = vpcRange(config);
    for (const other of configs.slice(0, index)) {
      const theirs = vpcRange(other);
      if (other.account.id !== config.account.id || (mine.vpcId !== undefined && mine.vpcId === theirs.vpcId)) continue;
      if (!cidrsOverlap(mustParseCidr(mine.cidr), mustParseCidr(theirs.cidr))) continue;
      const there = other.problemAt(theirs.keyPath, '');
      warnings.push(
        config.problemAt(
          mine.keyPath,
          `VPC range ${mine.cidr} overlaps ${theirs.cidr} of environment ${other.name} (${there.file}:${there.line}:${there.column}: ${there.keyPath}) in account ${config.account.id}: ` +
            'VPC peering refuses overlapping ranges and a transit gateway cannot route between them, so connecting these VPCs later means renumbering one; give each environment its own range',
        ),
      );
    }
  });
  return warnings;
}

function vpcRange(config: EnvironmentConfig): { readonly cidr: string; readonly keyPath: string[]; readonly vpcId?: string } {
  const { vpc, existingVpc } = config.network;
  if (existingVpc) return { cidr: existingVpc.cidr, keyPath: ['network', 'existingVpc', 'cidr'], vpcId: existingVpc.vpcId };
  return { cidr: vpc!.cidr, keyPath: ['network', 'vpc', 'cidr'] };
}

/** A secret the Envoy sidecars read, by the role its value plays. */
interface ProxySecretUse {
  readonly name: string;
  readonly role: 'the ingress TLS certificate and key' | 'an OAuth2 client secret' | 'an OAuth2 cookie-signing key';
  readonly keyPath: (string | number)[];
  /** Two uses of one role may share the secret when this is equal (one OAuth2 client, by its id). @default - never */
  readonly shareableBy?: string;
}

/**
 * Secrets the stack creates for the sidecars (lib/ecs/proxy-secrets.ts), one per name: a name used for two roles
 * (the TLS pair and an OAuth2 client secret, say) would be one secret that cannot hold both values, and two names
 * that differ only in characters outside `[A-Za-z0-9-]` (`acme/web.key`, `acme/web-key`) are one construct id, which
 * synth refuses with a stack trace. Each service signs its session cookies with its own key.
 */
function proxySecretClashes(config: EnvironmentConfig): ConfigProblem[] {
  const uses: ProxySecretUse[] = [];
  if (config.envoy.listeners.ingress && Object.values(config.services).some((service) => service.ingress !== 'none')) {
    uses.push({ name: envoyTlsSecretNameOf(config), role: 'the ingress TLS certificate and key', keyPath: ['envoy', 'tls', 'secretName'] });
  }
  for (const [name, service] of Object.entries(config.services)) {
    if (!service.oauth2) continue;
    uses.push({ name: service.oauth2.clientSecretName, role: 'an OAuth2 client secret', keyPath: ['services', name, 'oauth2', 'clientSecretName'], shareableBy: service.oauth2.clientId });
    uses.push({ name: service.oauth2.hmacSecretName, role: 'an OAuth2 cookie-signing key', keyPath: ['services', name, 'oauth2', 'hmacSecretName'] });
  }
  const problems: ConfigProblem[] = [];
  const byId = new Map<string, ProxySecretUse>();
  for (const use of uses) {
    const earlier = byId.get(proxySecretId(use.name));
    if (!earlier) {
      byId.set(proxySecretId(use.name), use);
      continue;
    }
    const there = formatLocation(config.locate(earlier.keyPath));
    let why: string | undefined;
    if (earlier.name !== use.name) {
      why = `secret ${use.name} and secret ${earlier.name} (${there}) differ only in characters outside letters, digits and "-", so the stack would give both one construct id; rename one`;
    } else if (earlier.role !== use.role) {
      why = `secret ${use.name} is also ${earlier.role} (${there}): one secret holds one value, and ${use.role} needs its own; give it another name`;
    } else if (use.shareableBy === undefined || use.shareableBy !== earlier.shareableBy) {
      why =
        use.role === 'an OAuth2 client secret'
          ? `secret ${use.name} is also the client secret of another OAuth2 client (${there}), whose client id differs; give each client its own`
          : `secret ${use.name} is also ${earlier.role} of another service (${there}): a cookie signed for one service would be accepted by the other; give each service its own key`;
    }
    if (why) problems.push(config.problemAt(config.locate(use.keyPath).line === undefined ? use.keyPath.slice(0, -1) : use.keyPath, why));
  }
  return problems;
}
