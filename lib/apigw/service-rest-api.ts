import { createHash } from 'crypto';
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { ApiGatewayBasePathMapping } from '@cdktf/provider-aws/lib/api-gateway-base-path-mapping';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodSettings } from '@cdktf/provider-aws/lib/api-gateway-method-settings';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import type { ApiAuthorization } from '../config/apigw-schema';
import { InvalidPropsError } from '../core/invalid-props-error';
import type { PolicyStatement } from '../iam/policy-document';
import { EncryptedLogGroup } from '../observability/encrypted-log-group';
import { METHOD_IDS } from './construct-paths';
import { integrationHostProblem, uriHost } from './integration-host';

/** The NLB side an API integrates with: the name it calls, the listener port and the names on the listener certificate. */
export interface ApiBackend {
  readonly hostName: string;
  readonly listenerPort: number;
  readonly certificateNames: readonly string[];
}

export interface ServiceRestApiProps {
  /** Prefix of resource names, e.g. `acme-dev`. */
  readonly namePrefix: string;
  readonly serviceName: string;
  /** The VPC link (v1) to the internal NLB. */
  readonly vpcLinkId: string;
  readonly backend: ApiBackend;
  /** @default AWS_IAM */
  readonly authorization?: ApiAuthorization;
  /** @default v1 */
  readonly stageName?: string;
  /** Stage-wide throttling. @default - 500 requests per second, bursts of 1000 */
  readonly throttling?: { readonly rateLimit: number; readonly burstLimit: number };
  /** @default false */
  readonly xrayTracing?: boolean;
  readonly logKmsKeyArn: string;
  readonly logRetentionDays: number;
  /** The custom domain to map the stage under, and the base path. @default - no mapping */
  readonly customDomain?: { readonly domainName: string; readonly basePath: string };
  /** What the stage waits for: the account's CloudWatch role, without which access logging is refused. @default - nothing */
  readonly stageDependsOn?: readonly ITerraformDependable[];
}

/**
 * JSON access log line per request. `$context.identity.caller`/`user`/`userArn`
 * are the SigV4 caller (empty with authorization NONE); `integrationLatency`
 * and `integrationStatus` separate NLB/Envoy/app time and errors from API
 * Gateway's own (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#context-variable-reference).
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  userArn: '$context.identity.userArn',
  userAgent: '$context.identity.userAgent',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integration.latency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integration.error',
  errorMessage: '$context.error.message',
  xrayTraceId: '$context.xrayTraceId',
});

/** One method + integration of the API definition, as hashed into the deployment trigger. */
interface RouteDefinition {
  readonly path: '/' | '/{proxy+}';
  readonly httpMethod: 'ANY';
  readonly authorization: ApiAuthorization;
  readonly integrationUri: string;
  /** Integration parameter ← method parameter. @default - none */
  readonly requestParameters?: Readonly<Record<string, string>>;
}

/**
 * SHA-256 of everything that defines the API's methods and integrations.
 * A deployment is a snapshot: API Gateway serves the old definition until a
 * new deployment is made, so the deployment is replaced exactly when this changes.
 */
export function apiDefinitionSha256(routes: readonly RouteDefinition[]): string {
  return createHash('sha256').update(JSON.stringify(routes)).digest('hex');
}

/**
 * One regional REST API for one `apigw` service: `ANY /` and `ANY /{proxy+}`
 * as HTTP_PROXY integrations through the VPC link to the service's NLB
 * listener, IAM authorization by default, a deployment replaced when the
 * definition changes, a stage with JSON access logs and throttling, and the
 * base-path mapping on the custom domain.
 *
 * The integration URI's host is what API Gateway verifies the NLB's
 * certificate against; a host the certificate does not cover is refused here
 * (it would answer 500 to every call).
 */
export class ServiceRestApi extends Construct {
  public readonly restApi: ApiGatewayRestApi;
  public readonly deployment: ApiGatewayDeployment;
  public readonly stage: ApiGatewayStage;
  public readonly accessLogGroup: EncryptedLogGroup;
  /** `https://<host>:<port>` the integrations call. */
  public readonly integrationBaseUri: string;
  /** SHA-256 of the methods and integrations: the deployment's trigger. */
  public readonly definitionSha256: string;

  constructor(scope: Construct, id: string, props: ServiceRestApiProps) {
    super(scope, id);
    const authorization = props.authorization ?? 'AWS_IAM';
    const stageName = props.stageName ?? 'v1';
    const throttling = props.throttling ?? { rateLimit: 500, burstLimit: 1000 };
    const xrayTracing = props.xrayTracing ?? false;
    const name = `${props.namePrefix}-${props.serviceName}`;

    this.integrationBaseUri = `https://${props.backend.hostName}:${props.backend.listenerPort}`;

    this.restApi = new ApiGatewayRestApi(this, 'rest-api', {
      name,
      description: `${props.serviceName} (${props.namePrefix}) through the VPC link to the internal NLB`,
      endpointConfiguration: { types: ['REGIONAL'] },
    });
    const proxyResource = new ApiGatewayResource(this, 'proxy-resource', {
      restApiId: this.restApi.id,
      parentId: this.restApi.rootResourceId,
      pathPart: '{proxy+}',
    });

    const routes: RouteDefinition[] = [
      { path: '/', httpMethod: 'ANY', authorization, integrationUri: `${this.integrationBaseUri}/` },
      {
        path: '/{proxy+}',
        httpMethod: 'ANY',
        authorization,
        integrationUri: `${this.integrationBaseUri}/{proxy}`,
        // The greedy path parameter becomes the {proxy} of the URI.
        requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
      },
    ];
    for (const route of routes) {
      const hostProblem = integrationHostProblem(uriHost(route.integrationUri), props.backend.certificateNames);
      if (hostProblem) throw new InvalidPropsError(`ServiceRestApi ${this.node.path}`, `backend: ${hostProblem}`);
    }
    const resources = { '/': this.restApi.rootResourceId, '/{proxy+}': proxyResource.id };
    const methodIds = { '/': METHOD_IDS.root, '/{proxy+}': METHOD_IDS.proxy };
    const definition: ITerraformDependable[] = [];
    for (const route of routes) {
      const methodId = methodIds[route.path];
      const method = new ApiGatewayMethod(this, methodId, {
        restApiId: this.restApi.id,
        resourceId: resources[route.path],
        httpMethod: route.httpMethod,
        authorization: route.authorization,
        requestParameters: route.requestParameters && Object.fromEntries(Object.values(route.requestParameters).map((source) => [source, true])),
      });
      const integration = new ApiGatewayIntegration(this, `${methodId}-integration`, {
        restApiId: this.restApi.id,
        resourceId: resources[route.path],
        httpMethod: method.httpMethod,
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'ANY',
        connectionType: 'VPC_LINK',
        connectionId: props.vpcLinkId,
        uri: route.integrationUri,
        requestParameters: route.requestParameters && { ...route.requestParameters },
        // Stated so it cannot drift: the NLB's certificate must match the URI's host.
        tlsConfig: { insecureSkipVerification: false },
      });
      definition.push(method, integration);
    }

    this.definitionSha256 = apiDefinitionSha256(routes);
    this.deployment = new ApiGatewayDeployment(this, 'deployment', {
      restApiId: this.restApi.id,
      description: `definition sha256 ${this.definitionSha256.slice(0, 12)}`,
      triggers: { definitionSha256: this.definitionSha256 },
      // A deployment snapshots the methods as they are: it must come after them.
      dependsOn: definition,
      // The stage points at the deployment: the new one must exist before the old one can be deleted.
      lifecycle: { createBeforeDestroy: true },
    });

    this.accessLogGroup = new EncryptedLogGroup(this, 'access-logs', {
      name: `/aws/apigateway/${name}/${stageName}/access`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logKmsKeyArn,
    });
    this.stage = new ApiGatewayStage(this, 'stage', {
      restApiId: this.restApi.id,
      deploymentId: this.deployment.id,
      stageName,
      xrayTracingEnabled: xrayTracing,
      accessLogSettings: { destinationArn: this.accessLogGroup.arn, format: ACCESS_LOG_FORMAT },
      dependsOn: props.stageDependsOn ? [...props.stageDependsOn] : undefined,
    });
    new ApiGatewayMethodSettings(this, 'method-settings', {
      restApiId: this.restApi.id,
      stageName: this.stage.stageName,
      methodPath: '*/*',
      settings: {
        throttlingRateLimit: throttling.rateLimit,
        throttlingBurstLimit: throttling.burstLimit,
        metricsEnabled: true,
        // Execution logs go to log groups API Gateway creates itself, without KMS or retention: access logs only.
        loggingLevel: 'OFF',
        dataTraceEnabled: false,
      },
    });

    if (props.customDomain) {
      new ApiGatewayBasePathMapping(this, 'base-path', {
        apiId: this.restApi.id,
        stageName: this.stage.stageName,
        domainName: props.customDomain.domainName,
        basePath: props.customDomain.basePath,
      });
    }
  }

  /** The IAM statement a caller needs: `execute-api:Invoke` on every method and path of this stage. */
  invokeStatement(): PolicyStatement {
    return {
      sid: `Invoke${this.node.id.replace(/[^A-Za-z0-9]/g, '')}`,
      actions: ['execute-api:Invoke'],
      resources: [`${this.stage.executionArn}/*/*`],
    };
  }
}
