import { resolveEnvironment } from '../../lib/config/resolved-environment';
import { baseEksSection } from '../eks/eks-fixture';
import { deriveSubnetLayout } from '../../lib/network/subnet-layout';
import { existingVpcNetwork, testEnvironment } from '../helpers/environment-fixture';

/** A service of each ingress kind, and one calling AWS through its sidecar. */
const SERVICES = {
  web: { image: 'acme/app:1.0.0', ingress: 'alb', containerPort: 8080 },
  shop: { image: 'acme/app:1.0.0', ingress: 'alb', containerPort: 8080, hostname: 'store.test.acme-example.com' },
  api: { image: 'acme/app:1.0.0', ingress: 'apigw', containerPort: 9000 },
  worker: {
    image: 'acme/app:1.0.0',
    ingress: 'none',
    egress: {
      uploads: { type: 's3', bucket: 'acme-test-uploads' },
      archive: { type: 's3', bucket: 'acme-test-archive', region: 'eu-central-1', port: 16000 },
      orders: { type: 'environment-api', service: 'api', port: 15002 },
    },
  },
};

describe('resolveEnvironment: every derived value once (docs/architecture.md, "The resolved model")', () => {
  test('GIVEN defaults only THEN each derived value comes from the key it defaults to', () => {
    const resolved = resolveEnvironment(testEnvironment({ eks: baseEksSection() }));
    expect(resolved).toMatchObject({
      namePrefix: 'acme-test',
      stateRegion: 'eu-west-1',
      eksClusterName: 'acme-test',
      logRetentionDays: { services: 30, apiGatewayAccess: 30, eks: 30, waf: 30 },
      envoyTlsSecretName: 'acme/test/envoy-tls',
      production: false,
    });
    // system: ON_DEMAND, spot: SPOT; neither sets desiredSize.
    expect(resolved.eksNodeGroups).toEqual({ system: { minInstanceTypes: 1, desiredSize: 1 }, spot: { minInstanceTypes: 3, desiredSize: 0 } });
  });

  test('GIVEN each key set THEN the key wins over the value it would default to', () => {
    const eks: Record<string, any> = { ...baseEksSection(), clusterName: 'platform', logRetentionDays: 90 };
    eks.nodeGroups.spot.minInstanceTypes = 4;
    eks.nodeGroups.spot.instanceTypes = ['m5.large', 'm6i.large', 'm6a.large', 'm7i.large'];
    eks.nodeGroups.spot.scaling.desiredSize = 2;
    const resolved = resolveEnvironment(
      testEnvironment({
        tier: 'production',
        state: { region: 'eu-central-1' },
        logs: { retentionDays: 14 },
        apiGateway: { accessLogs: { retentionDays: 365 } },
        envoy: { tls: { secretName: 'acme/shared/envoy-tls' } },
        eks,
      }),
    );
    expect(resolved).toMatchObject({
      stateRegion: 'eu-central-1',
      eksClusterName: 'platform',
      logRetentionDays: { services: 14, apiGatewayAccess: 365, eks: 90 },
      envoyTlsSecretName: 'acme/shared/envoy-tls',
      production: true,
    });
    expect(resolved.eksNodeGroups.spot).toEqual({ minInstanceTypes: 4, desiredSize: 2 });
  });

  test('GIVEN services THEN the alb services have their host names, and each egress target its port, region and host', () => {
    const resolved = resolveEnvironment(testEnvironment({ services: SERVICES }));
    expect(resolved.serviceHostnames).toEqual({ web: 'web.test.acme-example.com', shop: 'store.test.acme-example.com' });
    expect(resolved.egress.worker).toEqual({
      uploads: { port: 15001, url: 'http://127.0.0.1:15001', region: 'eu-west-1', signingName: 's3', host: 'acme-test-uploads.s3.eu-west-1.amazonaws.com', pathPrefix: '/' },
      archive: { port: 16000, url: 'http://127.0.0.1:16000', region: 'eu-central-1', signingName: 's3', host: 'acme-test-archive.s3.eu-central-1.amazonaws.com', pathPrefix: '/' },
      orders: { port: 15002, url: 'http://127.0.0.1:15002', region: 'eu-west-1', signingName: 'execute-api', host: 'api.test.acme-example.com', pathPrefix: '/api/' },
    });
    expect(resolved.egress.web).toEqual({});
  });

  test('GIVEN a created VPC THEN its subnets are the listed ones, else derived from its cidr; an existing VPC has none to derive', () => {
    const derived = deriveSubnetLayout('10.0.0.0/16', 2);
    expect(resolveEnvironment(testEnvironment()).subnetCidrs).toEqual({ public: derived.publicCidrs, private: derived.privateCidrs });
    const listed = { public: ['10.0.0.0/24', '10.0.1.0/24'], private: ['10.0.16.0/20', '10.0.32.0/20'] };
    expect(resolveEnvironment(testEnvironment({ network: { vpc: { subnets: listed } } })).subnetCidrs).toEqual(listed);
    expect(resolveEnvironment(testEnvironment({ network: existingVpcNetwork() })).subnetCidrs).toBeUndefined();
  });
});
