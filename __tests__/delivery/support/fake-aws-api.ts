import * as http from 'http';
import type { AddressInfo } from 'net';

/**
 * A local fake of the two AWS JSON 1.1 APIs the drift test's refresh calls
 * (the provider's `endpoints` block points there): ECS DescribeServices and
 * CloudWatch Logs DescribeLogGroups / tag listing. It answers with what "AWS"
 * holds now, which the test sets apart from the applied state: an autoscaled
 * desired count, a retention changed by hand. Any other call is a 400, which
 * fails the plan loudly.
 */
export interface FakeEcsService {
  readonly cluster: string;
  readonly name: string;
  readonly taskDefinition: string;
  readonly desiredCount: number;
}

export interface FakeLogGroup {
  readonly name: string;
  readonly retentionInDays: number;
}

export interface FakeAwsApi {
  readonly endpoint: string;
  services: FakeEcsService[];
  logGroups: FakeLogGroup[];
  /** X-Amz-Target of every call. */
  readonly calls: string[];
  close(): Promise<void>;
}

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

export async function fakeAwsApi(): Promise<FakeAwsApi> {
  const api = { services: [] as FakeEcsService[], logGroups: [] as FakeLogGroup[], calls: [] as string[] };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      api.calls.push(target);
      const body = text ? JSON.parse(text) : {};
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(value));
      };
      const action = target.split('.').at(-1);
      if (action === 'DescribeServices') {
        const found = api.services.filter((s) => (body.services as string[]).includes(s.name) || (body.services as string[]).includes(serviceArn(s)));
        return reply(200, { services: found.map(describeService), failures: [] });
      }
      if (action === 'DescribeLogGroups') {
        const prefix = String(body.logGroupNamePrefix ?? '');
        const groups = api.logGroups.filter((g) => g.name.startsWith(prefix));
        return reply(200, {
          logGroups: groups.map((g) => ({
            logGroupName: g.name,
            arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${g.name}:*`,
            logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${g.name}`,
            retentionInDays: g.retentionInDays,
            creationTime: 1700000000000,
            storedBytes: 0,
            logGroupClass: 'STANDARD',
          })),
        });
      }
      if (action === 'ListTagsForResource' || action === 'ListTagsLogGroup') return reply(200, { tags: {} });
      reply(400, { __type: 'UnknownOperationException', message: `the fake AWS API does not answer ${target}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(api, {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

export const serviceArn = (s: FakeEcsService) => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${s.cluster.split('/').at(-1)}/${s.name}`;

function describeService(s: FakeEcsService): Record<string, unknown> {
  return {
    serviceArn: serviceArn(s),
    serviceName: s.name,
    clusterArn: s.cluster,
    status: 'ACTIVE',
    desiredCount: s.desiredCount,
    runningCount: s.desiredCount,
    pendingCount: 0,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: s.taskDefinition,
    deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 },
    deployments: [],
    schedulingStrategy: 'REPLICA',
    enableECSManagedTags: false,
    enableExecuteCommand: false,
    propagateTags: 'NONE',
    availabilityZoneRebalancing: 'DISABLED',
    loadBalancers: [],
    serviceRegistries: [],
    placementConstraints: [],
    placementStrategy: [],
    tags: [],
  };
}
