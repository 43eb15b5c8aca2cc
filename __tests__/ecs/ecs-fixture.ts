import type { EnvironmentConfig } from '../../lib/config/environment-schema';
import { synthEnvironment, testEnvironment } from '../helpers/environment-fixture';
import type { TerraformJson } from '../helpers/terraform-json';

export const APP_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/web:1.2.3';
export const DB_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/test/web/db-AbC123';
export const API_PARAMETER = 'arn:aws:ssm:eu-west-1:123456789012:parameter/acme/test/api/key';

/** A web service behind the ALB, a private API for the API Gateway path and a worker signing S3 and API calls. */
export function ecsServices(): Record<string, any> {
  return {
    web: {
      image: APP_IMAGE,
      ingress: 'alb',
      containerPort: 8080,
      healthPath: '/status',
      desiredCount: 2,
      autoscaling: { minCount: 2, maxCount: 6, cpuPercent: 55, requestsPerTarget: 700 },
      environment: { LOG_LEVEL: 'info' },
      secrets: { DATABASE_URL: `${DB_SECRET}:url::` },
      secretsKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    },
    api: {
      image: 'registry.example.com/acme/api:2.0.0',
      ingress: 'apigw',
      containerPort: 9000,
      cpuArchitecture: 'ARM64',
      cpu: 512,
      memory: 1024,
      secrets: { API_KEY: API_PARAMETER },
    },
    worker: {
      image: `${APP_IMAGE.replace(':1.2.3', '')}@sha256:${'b'.repeat(64)}`,
      ingress: 'none',
      egress: {
        uploads: { type: 's3', bucket: 'acme-test-uploads' },
        reports: { type: 's3', bucket: 'acme-test-reports', region: 'eu-central-1', port: 15002 },
        billing: { type: 'execute-api', apiId: 'a1b2c3d4e5', stage: 'v1', port: 15003 },
      },
    },
  };
}

export function ecsEnvironment(changes: Record<string, any> = {}): EnvironmentConfig {
  return testEnvironment({ services: ecsServices(), ...changes });
}

const cache = new Map<EnvironmentConfig, TerraformJson>();

/** The platform stack of `config`, synthesized once per config object. */
export function platformOf(config: EnvironmentConfig): TerraformJson {
  if (!cache.has(config)) cache.set(config, synthEnvironment(config).platform);
  return cache.get(config)!;
}

/** The ECS fixture's services with an OAuth2 login on web. */
export function ecsServicesWithOauth2(): Record<string, any> {
  const services = ecsServices();
  services.web.oauth2 = {
    authorizationEndpoint: 'https://login.example.com/oauth2/authorize',
    tokenEndpoint: 'https://login.example.com/oauth2/token',
    clientId: 'test-client',
    clientSecretName: 'acme/test/web/oauth2-client-secret',
    hmacSecretName: 'acme/test/web/oauth2-hmac-key',
  };
  return services;
}

/** The ECS fixture with an OAuth2 login on web: three proxy secrets of three kinds (TLS pair, client secret, HMAC key). */
export function ecsEnvironmentWithOauth2(changes: Record<string, any> = {}): EnvironmentConfig {
  return ecsEnvironment({ services: ecsServicesWithOauth2(), ...changes });
}
