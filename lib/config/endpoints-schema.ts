import { z } from 'zod';
import { INTERFACE_ENDPOINT_POLICIES, INTERFACE_ENDPOINT_SERVICES } from '../network/interface-endpoints';

/**
 * Why `execute-api` is refused: with private DNS (the only way the SDKs' default host names reach an endpoint), an
 * execute-api endpoint answers `*.execute-api.<region>.amazonaws.com` for the whole VPC and routes only to private
 * APIs, so calls from the VPC to regional APIs' default host names (egress targets of type execute-api, any SDK call
 * to a public API) get 403 Forbidden; the environment's own APIs stay reachable only through their custom domain.
 * https://repost.aws/knowledge-center/api-gateway-vpc-connections,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html
 */
const EXECUTE_API_REFUSED =
  'execute-api is not offered: an execute-api interface endpoint with private DNS answers every *.execute-api.<region>.amazonaws.com name in the VPC and reaches private APIs only, so calls from the VPC to regional APIs (execute-api egress targets) would get 403 (docs/operations.md, "VPC endpoints")';

const interfaceService = z.enum(INTERFACE_ENDPOINT_SERVICES, {
  error: (issue) => (issue.input === 'execute-api' ? EXECUTE_API_REFUSED : `expected one of ${INTERFACE_ENDPOINT_SERVICES.join(', ')}, got ${JSON.stringify(issue.input)}`),
});

/**
 * The `vpcEndpoints` section. The S3 gateway endpoint is always on a created VPC's private route tables (it is free);
 * interface endpoints are billed per hour and AZ plus per GB, so they are a choice per environment.
 */
export const vpcEndpointsSchema = z
  .strictObject({
    /**
     * Interface endpoints (private DNS, in the private subnets, with endpoint policies scoped to what the stacks call):
     * ecr-api, ecr-dkr, logs, secretsmanager, sts. @default [] - every call to these services goes through the NAT gateways
     */
    interface: z
      .array(interfaceService)
      .default([])
      .superRefine((services, ctx) => {
        services.forEach((service, index) => {
          if (services.indexOf(service) !== index) ctx.addIssue({ code: 'custom', path: [index], message: `expected each service once, got ${service} again` });
        });
      }),
    /**
     * What the interface endpoints' policies allow. They gate every caller in the VPC, the EKS cluster's workloads
     * included: `account` allows every action of the service to principals of this account (a data perimeter that
     * breaks no workload of this account); `platform-calls` allows only what this platform's tasks and nodes call,
     * for a VPC that runs nothing else (docs/operations.md, "VPC endpoints"). @default account
     */
    policy: z.enum(INTERFACE_ENDPOINT_POLICIES, { error: `expected one of ${INTERFACE_ENDPOINT_POLICIES.join(', ')}` }).default('account'),
  })
  .prefault({});

export type VpcEndpointsConfig = z.output<typeof vpcEndpointsSchema>;

/**
 * Interface endpoints need what only a VPC this stack creates guarantees: one subnet per AZ (CreateVpcEndpoint fails
 * with DuplicateSubnetsInSameZone when two listed subnets share an AZ, and an existing VPC's privateSubnetIds do not
 * say which subnet is in which AZ), DNS hostnames and support on, and no other endpoint of the same service with
 * private DNS in the VPC (a landing zone's central endpoints: "private-dns-enabled cannot be set because there is
 * already a conflicting DNS domain"). Refused at synth rather than failing at apply.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
 */
export function checkInterfaceEndpoints(config: { readonly vpcEndpoints: VpcEndpointsConfig; readonly network: { readonly existingVpc?: unknown } }, ctx: z.RefinementCtx): void {
  if (!config.network.existingVpc || config.vpcEndpoints.interface.length === 0) return;
  ctx.addIssue({
    code: 'custom',
    path: ['vpcEndpoints', 'interface'],
    message:
      'expected no interface endpoints with network.existingVpc: CreateVpcEndpoint takes one subnet per availability zone (privateSubnetIds do not say which is where: DuplicateSubnetsInSameZone) and fails when the VPC already resolves the service privately (a landing zone\'s central endpoints: "conflicting DNS domain"); create them with the VPC\'s owner (docs/operations.md, "VPC endpoints")',
  });
}
