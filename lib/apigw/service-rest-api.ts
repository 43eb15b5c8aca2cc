import { Construct } from 'constructs';
import { Fn, type ITerraformDependable } from 'cdktf';
import { ApiGatewayBasePathMapping } from '@cdktf/provider-aws/lib/api-gateway-base-path-mapping';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodSettings } from '@cdktf/provider-aws/lib/api-gateway-method-settings';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import type { PolicyStatement } from '../iam/policy-document';
import { EncryptedLogGroup } from '../observability/encrypted-log-group';
import { METHOD_IDS } from './construct-paths';
import { integrationHostProblem, uriHost } from './integration-host';
import { invalidProps } from '../util/user-error';

export const API_AUTHORIZATION_TYPES = ['AWS_IAM', 'NONE'] as const;
export type ApiAuthorization = (typeof API_AUTHORIZATION_TYPES)[number];

/** Whether the REST APIs also answer on their default `https://<api id>.execute-api.<region>.amazonaws.com` endpoint. */
export const EXECUTE_API_ENDPOINT_MODES = ['disabled', 'enabled'] as const;
export type ExecuteApiEndpoint = (typeof EXECUTE_API_ENDPOINT_MODES)[number];

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
  /** The VPC link (v1) to the internal NLB: its id and the NLB it targets are part of the deployment's trigger. */
  readonly vpcLink: { readonly id: string; readonly targetArns: string[] };
  readonly backend: ApiBackend;
  readonly authorization: ApiAuthorization;
  readonly stageName: string;
  /** Stage-wide throttling. */
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  readonly xrayTracing: boolean;
  readonly logKmsKeyArn: string;
  readonly logRetentionDays: number;
  /** The custom domain to map the stage under, and the base path. @default - no mapping */
  readonly customDomain?: { readonly domainName: string; readonly basePath: string };
  /**
   * The default `https://<api id>.execute-api.<region>.amazonaws.com` endpoint. `disabled` needs `customDomain`
   * (the API would be unreachable).
   */
  readonly executeApiEndpoint: ExecuteApiEndpoint;
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

/** One method + integration of the API definition. */
interface RouteDefinition {
  readonly path: '/' | '/{proxy+}';
  readonly httpMethod: 'ANY';
  readonly authorization: ApiAuthorization;
  readonly integrationUri: string;
  /** Integration parameter ← method parameter. @default - none */
  readonly requestParameters?: Readonly<Record<string, string>>;
}

/**
 * One regional REST API for one `apigw` service: `ANY /` and `ANY /{proxy+}`
 * as HTTP_PROXY integrations through the VPC link to the service's NLB
 * listener, IAM authorization by default, a deployment replaced when
 * anything the stage serves changes, a stage with JSON access logs and
 * throttling, and the base-path mapping on the custom domain (which then is
 * the only way in: the default execute-api endpoint is disabled).
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
  /**
   * The deployment's triggers, each a Terraform `sha256(jsonencode([...]))`: `definition` of the resources, methods
   * and integrations themselves (every argument, the VPC link id in `connection_id` included), `vpcLink` of the link
   * and the NLB it targets, `apiSettings` of the API settings a deployment takes effect with.
   */
  public readonly triggers: Readonly<Record<'definition' | 'vpcLink' | 'apiSettings', string>>;

  constructor(scope: Construct, id: string, props: ServiceRestApiProps) {
    super(scope, id);
    const { authorization, stageName, throttling, xrayTracing, executeApiEndpoint } = props;
    const name = `${props.namePrefix}-${props.serviceName}`;
    if (executeApiEndpoint === 'disabled' && !props.customDomain) {
      throw invalidProps(`ServiceRestApi ${this.node.path}`, 'executeApiEndpoint: expected enabled without a customDomain, got disabled (the API would be unreachable)');
    }

    this.integrationBaseUri = `https://${props.backend.hostName}:${props.backend.listenerPort}`;

    this.restApi = new ApiGatewayRestApi(this, 'rest-api', {
      name,
      description: `${props.serviceName} (${props.namePrefix}) through the VPC link to the internal NLB`,
      endpointConfiguration: { types: ['REGIONAL'] },
      // With the custom domain in front, the default endpoint is a second way in that bypasses its TLS policy and base
      // path (API Gateway answers 403 there once disabled). It takes effect with the next deployment (hence the trigger):
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html
      disableExecuteApiEndpoint: executeApiEndpoint === 'disabled',
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
      if (hostProblem) throw invalidProps(`ServiceRestApi ${this.node.path}`, `backend: ${hostProblem}`);
    }
    const resources = { '/': this.restApi.rootResourceId, '/{proxy+}': proxyResource.id };
    const methodIds = { '/': METHOD_IDS.root, '/{proxy+}': METHOD_IDS.proxy };
    const methods: ApiGatewayMethod[] = [];
    const integrations: ApiGatewayIntegration[] = [];
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
        connectionId: props.vpcLink.id,
        uri: route.integrationUri,
        requestParameters: route.requestParameters && { ...route.requestParameters },
        // Stated so it cannot drift: the NLB's certificate must match the URI's host.
        tlsConfig: { insecureSkipVerification: false },
      });
      methods.push(method);
      integrations.push(integration);
    }

    // A deployment is a snapshot: the stage serves it until a new deployment is made, so the deployment is replaced
    // whenever anything it snapshots changes. Whole resources, not chosen attributes: a new VPC link id in
    // connection_id, a new URI, TLS setting, parameter mapping or authorization all change the hash (a replaced VPC
    // link makes it unknown at plan, which plans the replacement too). The VPC link's target is the NLB: a new NLB
    // replaces the link. Policy and the default endpoint switch are API settings that take effect on deployment.
    const sha256 = (values: unknown[]) => Fn.sha256(Fn.jsonencode(values));
    this.triggers = {
      definition: sha256([proxyResource.fqn, ...methods.map((method) => method.fqn), ...integrations.map((integration) => integration.fqn)]),
      vpcLink: sha256([props.vpcLink.id, props.vpcLink.targetArns]),
      apiSettings: sha256([this.restApi.policy, this.restApi.disableExecuteApiEndpoint, this.restApi.binaryMediaTypes]),
    };
    this.deployment = new ApiGatewayDeployment(this, 'deployment', {
      restApiId: this.restApi.id,
      description: `${props.serviceName} (${props.namePrefix}): methods, integrations and VPC link as of this deployment`,
      triggers: { ...this.triggers },
      // A deployment snapshots the methods as they are: it must come after them.
      dependsOn: [...methods, ...integrations],
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
