import { z } from 'zod';
import type { ConfigLocation, ConfigProblem } from './config-error';
import { networkSchema } from './network-schema';
import { guardrailsSchema } from './guardrails-schema';
import { accountRegion, awsAccountId, awsRegion, iamRoleArn, kmsKeyOnlyArn, logRetentionDays, PROJECT_NAME, PROJECT_NAME_EXPECTED, s3BucketName, tagMap } from './primitives';
import { checkNetwork } from './network-checks';
import { dnsSchema } from './dns-schema';
import { eksSchema } from './eks-schema';
import { checkEks } from './eks-checks';
import { envoySchema } from './envoy-schema';
import { checkEnvoy } from './envoy-checks';
import { checkServices, servicesSchema } from './services-schema';
import { apiGatewaySchema, checkApiGateway } from './apigw-schema';
import { checkEcsServices, ecsSchema } from './ecs-schema';
import { costSchema } from './cost-schema';
import { checkInterfaceEndpoints, vpcEndpointsSchema } from './endpoints-schema';
import { alarmsSchema } from './alarms-schema';
import { wafSchema } from './waf-schema';
import { checkPlaintextSecrets } from './plaintext-secrets';
import { checkKmsKeyRegions } from './kms-key-regions';

/**
 * The environment file schema. Every object is strict: an unknown key is an
 * error, because a typo must never fall back silently to a default.
 */
export const environmentSchema = z
  .strictObject({
    /** Short project name used as a prefix of resource names. */
    project: z.string().regex(PROJECT_NAME, { error: (issue) => `${PROJECT_NAME_EXPECTED}, got ${JSON.stringify(issue.input)}` }),
    /**
     * Production turns on protections that get in the way elsewhere (deletion
     * protection, no ECS Exec). @default non-production
     */
    tier: z.enum(['production', 'non-production']).default('non-production'),
    account: z.strictObject({
      id: awsAccountId,
      region: accountRegion,
      /**
       * Accept a region missing from the dated catalog of lib/config/aws-facts.ts (a region AWS opened since):
       * its availability zones are then only checked to be the region plus a letter. @default false
       */
      regionOutsideCatalog: z.boolean().default(false),
      /**
       * The role CI assumes through GitHub's OIDC token to deploy this
       * environment (`npm run deploy-role`). Terraform assumes no role itself:
       * provider and state backend use the ambient credentials (docs/credentials.md).
       * @default - none: CI cannot deploy the environment
       */
      deployRoleArn: iamRoleArn.optional(),
      /**
       * The read-only role a same-repository pull request's OIDC token assumes to
       * plan this environment's stacks against the real state (`npm run affected`,
       * `npm run plan:stack`; trust policy and permissions in docs/credentials.md).
       * @default - none: pull requests get the synth diff only for this environment
       */
      planRoleArn: iamRoleArn.optional(),
    }),
    state: z.strictObject({
      bucket: s3BucketName,
      /** @default - the account region */
      region: awsRegion.optional(),
      /** A key ARN, not an alias (the plan role's policy names it). @default - SSE-KMS with the AWS managed key */
      kmsKeyArn: kmsKeyOnlyArn.optional(),
      /** @default s3-lockfile: S3-native locking (Terraform >= 1.10), no DynamoDB table needed */
      locking: z.enum(['s3-lockfile', 'dynamodb']).default('s3-lockfile'),
      dynamodbTable: z
        .string()
        .regex(/^[\w.-]{3,255}$/, { error: 'expected a DynamoDB table name' })
        .optional(),
      /**
       * The bootstrap stack keeps its state in the bucket it created
       * (`<env>/bootstrap.tfstate`) instead of a local file; set it once the
       * local state is migrated (docs/state.md). @default false
       */
      bootstrapInBucket: z.boolean().default(false),
    }),
    /** Extra default tags on every resource; environment, project and managed-by are always set. */
    tags: tagMap.default({}),
    dns: dnsSchema,
    logs: z
      .strictObject({
        /** @default 30 */
        retentionDays: logRetentionDays.default(30),
      })
      .prefault({}),
    network: networkSchema,
    guardrails: guardrailsSchema,
    /** EKS cluster and node groups; see docs/eks.md. @default - no cluster */
    eks: eksSchema.optional(),
    /** ECS services by name; see lib/config/services-schema.ts. @default {} */
    services: servicesSchema,
    /** The Envoy sidecars of the services; see docs/envoy.md. */
    envoy: envoySchema.prefault({}),
    /** API Gateway in front of the `ingress: apigw` services; see docs/apigw.md. */
    apiGateway: apiGatewaySchema,
    /** The ECS cluster and the public ALB of the services; see docs/ecs.md. */
    ecs: ecsSchema.prefault({}),
    /** Usage assumptions of the cost estimate; see docs/cost.md. */
    cost: costSchema,
    /** Interface VPC endpoints (the S3 gateway endpoint is always on); see docs/operations.md. */
    vpcEndpoints: vpcEndpointsSchema,
    /** Alarm thresholds and where notifications go; see docs/operations.md. */
    alarms: alarmsSchema,
    /** The web ACL on the public ALB and the API stages; see docs/operations.md. */
    waf: wafSchema,
  })
  .superRefine((config, ctx) => {
    checkNetwork(config.network, config.account, ctx);
    checkInterfaceEndpoints(config, ctx);
    if (config.eks) checkEks(config.eks, config.network, ctx);
    checkServices(config.services, config.envoy, ctx);
    checkEnvoy(config.envoy, config.services, ctx);
    checkApiGateway(config, ctx);
    checkPlaintextSecrets(config, ctx);
    checkKmsKeyRegions(config, ctx);
    checkEcsServices(
      config.services,
      {
        production: config.tier === 'production',
        domain: config.dns.domain,
        edgeCertificateAdditionalNames: config.dns.edgeCertificate.additionalNames,
        envoy: config.envoy,
        ecs: config.ecs,
      },
      ctx,
    );
    if (config.state.locking === 'dynamodb' && !config.state.dynamodbTable) {
      ctx.addIssue({
        code: 'custom',
        path: ['state', 'dynamodbTable'],
        message: 'expected a table name because state.locking is dynamodb',
      });
    }
  });

export type EnvironmentFile = z.output<typeof environmentSchema>;

/** A validated environment: the file's content plus the name taken from its file name. */
export interface EnvironmentConfig extends EnvironmentFile {
  /** From the file name: environments/dev.yaml is `dev`. */
  readonly name: string;
  /** Path of the file it came from, for messages. */
  readonly sourceFile: string;
  /** Problems that do not stop synth yet (an EKS version near the end of its support), printed by main.ts. */
  readonly warnings: readonly ConfigProblem[];
  /**
   * A problem at `keyPath` of the file, positioned like the schema's own (`file:line:col`): for checks that run after
   * loading, such as Envoy template overrides, which need the templates (lib/synth/render-envoy.ts).
   */
  readonly problemAt: (keyPath: readonly (string | number)[], message: string) => ConfigProblem;
  /**
   * Where the entry at `keyPath` is written: its position and the part of the key path the file holds (an entry
   * filled by a default points at its closest written parent); the file alone when no part of it is written.
   * For messages about the synthesized output (policy findings, lib/guardrails/check-synthesis.ts).
   */
  readonly locate: (keyPath: readonly (string | number)[]) => ConfigLocation;
  /**
   * Where a value of the synthesized output was written in the file (lib/config/value-index.ts): for the secret
   * scan's hits. Undefined when the file holds no such string.
   */
  readonly locateValue: (value: string) => ConfigLocation | undefined;
}
