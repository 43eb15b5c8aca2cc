import { Construct } from 'constructs';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { policyDocument, type PolicyStatement } from '../iam/policy-document';
import type { NetworkRefs } from './network-refs';

/**
 * The AWS services an environment may reach through interface endpoints: what its tasks and nodes call at start-up
 * (image pulls, log streams, secrets, IRSA credentials). `execute-api` is absent on purpose: with private DNS, an
 * execute-api endpoint answers every `*.execute-api.<region>.amazonaws.com` name in the VPC and serves private APIs
 * only, so calls from the VPC to regional APIs' default host names (the `execute-api` egress targets) get 403
 * (https://repost.aws/knowledge-center/api-gateway-vpc-connections); the platform creates no private API.
 */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr-api', 'ecr-dkr', 'logs', 'secretsmanager', 'sts'] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/**
 * What the endpoint policies allow. With private DNS an endpoint policy gates every caller in the VPC, not only this
 * platform's tasks: the EKS cluster's workloads (log shippers, image pushes from CI pods, secret operators) call the
 * same endpoints (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
 * - `account`: every action of the service, by principals of this account (and IRSA into this account's roles): a
 *   data perimeter that refuses credentials of other accounts, and breaks no workload of this one.
 * - `platform-calls`: only the calls this platform's tasks and nodes make: least privilege for a VPC that runs nothing
 *   else; another workload's call is refused by the endpoint, whatever its IAM policy says.
 */
export const INTERFACE_ENDPOINT_POLICIES = ['account', 'platform-calls'] as const;
export type InterfaceEndpointPolicy = (typeof INTERFACE_ENDPOINT_POLICIES)[number];

/** The endpoint service name's last part: `com.amazonaws.<region>.<suffix>`. */
const SERVICE_SUFFIX: Readonly<Record<InterfaceEndpointService, string>> = {
  'ecr-api': 'ecr.api',
  'ecr-dkr': 'ecr.dkr',
  logs: 'logs',
  secretsmanager: 'secretsmanager',
  sts: 'sts',
};

export interface InterfaceEndpointsProps {
  /** `<project>-<env>`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** The endpoints' network interfaces go into its private subnets; its CIDR may connect on 443. */
  readonly network: NetworkRefs;
  /** At least one. */
  readonly services: readonly InterfaceEndpointService[];
  /** What the endpoint policies allow (see INTERFACE_ENDPOINT_POLICIES). */
  readonly policy: InterfaceEndpointPolicy;
}

/**
 * Interface endpoints (PrivateLink) with private DNS, so the SDKs' default host names resolve to addresses in the
 * VPC and the calls skip the NAT gateway. One security group admits HTTPS from the VPC's CIDR only. Each endpoint
 * has a policy for principals of this account, of every action or only of the calls the stacks' tasks and nodes make
 * (`policy`; an endpoint policy is one more gate, besides IAM: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
 */
export class InterfaceEndpoints extends Construct {
  public readonly securityGroup: SecurityGroup;
  /** By service. */
  public readonly endpoints: Readonly<Partial<Record<InterfaceEndpointService, VpcEndpoint>>>;

  constructor(scope: Construct, id: string, props: InterfaceEndpointsProps) {
    super(scope, id);
    if (props.services.length === 0) throw new Error(`InterfaceEndpoints ${this.node.path}: services: expected at least one service`);
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${props.namePrefix}-vpc-endpoints`,
      description: 'Interface VPC endpoints: HTTPS from the VPC',
      vpcId: props.network.vpcId,
      tags: { Name: `${props.namePrefix}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, 'https-from-vpc', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS from the VPC to the endpoint network interfaces',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.network.vpcCidr,
    });
    const endpoints: Partial<Record<InterfaceEndpointService, VpcEndpoint>> = {};
    for (const service of props.services) {
      endpoints[service] = new VpcEndpoint(this, service, {
        vpcId: props.network.vpcId,
        serviceName: `com.amazonaws.${props.region}.${SERVICE_SUFFIX[service]}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: [...props.network.privateSubnetIds],
        securityGroupIds: [this.securityGroup.id],
        policy: policyDocument(this, `${service}-policy`, endpointPolicy(service, props.accountId, props.region, props.policy)).json,
        tags: { Name: `${props.namePrefix}-${service}` },
      });
    }
    this.endpoints = endpoints;
  }
}

/** Any principal of this account: the endpoint policy's caller condition (the principal `*` alone would admit any account's). */
function fromAccount(accountId: string): PolicyStatement['conditions'] {
  return [{ test: 'StringEquals', variable: 'aws:PrincipalAccount', values: [accountId] }];
}

const ANYONE = [{ type: '*' as const, identifiers: ['*'] }];

/**
 * What the stacks call on each service (docs/operations.md, "VPC endpoints"):
 * - ECR: the tasks' execution roles and the EKS nodes pull images (token, manifests, layer URLs; the pull through
 *   cache imports the upstream image on first pull). Any repository: EKS add-on images live in AWS accounts.
 * - Logs: the awslogs driver creates streams and puts events, in this account's log groups.
 * - Secrets Manager: the execution roles read the services' and sidecars' secrets.
 * - STS: IRSA's AssumeRoleWithWebIdentity carries no AWS principal (the caller is the pod's web identity), so it is
 *   scoped by the role it assumes, a role of this account; other STS calls by principals of this account.
 */
export function endpointPolicy(service: InterfaceEndpointService, accountId: string, region: string, policy: InterfaceEndpointPolicy): PolicyStatement[] {
  if (policy === 'account') return accountPolicy(service, accountId);
  switch (service) {
    case 'ecr-api':
    case 'ecr-dkr':
      return [
        {
          sid: 'PullImages',
          actions: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability', 'ecr:BatchImportUpstreamImage'],
          resources: ['*'],
          principals: ANYONE,
          conditions: fromAccount(accountId),
        },
      ];
    case 'logs':
      return [
        {
          sid: 'WriteLogStreams',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`arn:aws:logs:${region}:${accountId}:log-group:*`],
          principals: ANYONE,
          conditions: fromAccount(accountId),
        },
      ];
    case 'secretsmanager':
      return [
        {
          sid: 'ReadSecrets',
          actions: ['secretsmanager:GetSecretValue'],
          resources: ['*'],
          principals: ANYONE,
          conditions: fromAccount(accountId),
        },
      ];
    case 'sts':
      return [
        {
          sid: 'WebIdentityToThisAccount',
          actions: ['sts:AssumeRoleWithWebIdentity'],
          resources: [`arn:aws:iam::${accountId}:role/*`],
          principals: ANYONE,
        },
        {
          sid: 'CallsOfThisAccount',
          actions: ['sts:AssumeRole', 'sts:TagSession', 'sts:GetCallerIdentity'],
          resources: ['*'],
          principals: ANYONE,
          conditions: fromAccount(accountId),
        },
      ];
  }
}

/** The IAM action prefix of each endpoint's service. */
const ACTION_PREFIX: Readonly<Record<InterfaceEndpointService, string>> = { 'ecr-api': 'ecr', 'ecr-dkr': 'ecr', logs: 'logs', secretsmanager: 'secretsmanager', sts: 'sts' };

/** `account`: every action of the service by principals of this account; IRSA (no AWS principal) into this account's roles. */
function accountPolicy(service: InterfaceEndpointService, accountId: string): PolicyStatement[] {
  const ofThisAccount: PolicyStatement = { sid: 'PrincipalsOfThisAccount', actions: [`${ACTION_PREFIX[service]}:*`], resources: ['*'], principals: ANYONE, conditions: fromAccount(accountId) };
  if (service !== 'sts') return [ofThisAccount];
  return [
    {
      sid: 'WebIdentityToThisAccount',
      actions: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity'],
      resources: [`arn:aws:iam::${accountId}:role/*`],
      principals: ANYONE,
    },
    ofThisAccount,
  ];
}
