import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import { cloneKey, growEnvironment, growMap, type Json, type JsonObject } from '../../tools/bench/growth-environment';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';

/** The shapes of the services and eks.nodeGroups sections, with the values that must stay unique. */
const TEMPLATE: JsonObject = {
  project: 'acme',
  dns: { domain: 'dev.acme-example.com', publicZoneId: 'Z01000000DEVACMEZONE' },
  services: {
    orders: {
      containerPort: 8080,
      healthCheck: { port: 8080, path: '/health' },
      hostname: 'orders.dev.acme-example.com',
      pathPattern: '/orders/*',
      listenerPriority: 10,
    },
    web: { containerPort: 3000, sidecarPorts: [9901, 15000], hostnames: ['www.dev.acme-example.com', 'dev.acme-example.com', '*.dev.acme-example.com'] },
  },
  eks: {
    version: '1.33',
    nodeGroups: {
      system: { instanceTypes: ['m6i.large'], scaling: { minSize: 1, maxSize: 2 }, labels: { 'workload-class': 'system' } },
      spot: { capacityType: 'SPOT', scaling: { minSize: 0, maxSize: 4 }, taints: { spot: { value: 'true', effect: 'NoSchedule' } } },
    },
  },
};

const RESOURCE_KEY = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const services = (document: JsonObject) => document.services as Record<string, Record<string, Json>>;
const nodeGroups = (document: JsonObject) => (document.eks as JsonObject).nodeGroups as Record<string, Record<string, Json>>;

describe('growEnvironment', () => {
  test.each([1, 10, 100])('GIVEN size %i THEN every growable map has that many entries with unique valid keys, the originals first', (size) => {
    const { document, grown } = growEnvironment(TEMPLATE, size);
    expect(grown).toEqual([
      { path: 'services', templateEntries: 2, entries: size },
      { path: 'eks.nodeGroups', templateEntries: 2, entries: size },
    ]);
    for (const map of [services(document), nodeGroups(document)]) {
      const keys = Object.keys(map);
      expect(keys).toHaveLength(size);
      for (const key of keys) expect(key).toMatch(RESOURCE_KEY);
    }
    expect(Object.keys(services(document))[0]).toBe('orders');
    expect(services(document).orders).toEqual((TEMPLATE.services as JsonObject).orders);
  });

  test('GIVEN clones THEN ports and priorities are unique across entries and equal values stay equal within one', () => {
    const grown = services(growEnvironment(TEMPLATE, 50).document);
    const clones = Object.entries(grown).filter(([key]) => key.startsWith('orders-'));
    expect(clones).toHaveLength(24);
    for (const [, clone] of clones) expect((clone.healthCheck as JsonObject).port).toBe(clone.containerPort);
    const ports = Object.values(grown).flatMap((s) => [s.containerPort, ...((s.sidecarPorts as number[] | undefined) ?? [])]);
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) expect(port).toBeLessThanOrEqual(65535);
    const priorities = Object.values(grown)
      .map((s) => s.listenerPriority)
      .filter((p) => p !== undefined);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  test('GIVEN clones THEN names, paths and host names follow the new key, and other host names under the domain become unique', () => {
    const grown = services(growEnvironment(TEMPLATE, 4).document);
    expect(grown['orders-1']).toMatchObject({ hostname: 'orders-1.dev.acme-example.com', pathPattern: '/orders-1/*' });
    expect(grown['web-1'].hostnames).toEqual(['www-3.dev.acme-example.com', 'web-1.dev.acme-example.com', '*.dev.acme-example.com']);
  });

  test('GIVEN node group clones THEN nested map keys are kept and values naming the group follow it', () => {
    const grown = nodeGroups(growEnvironment(TEMPLATE, 4).document);
    expect(Object.keys(grown)).toEqual(['system', 'spot', 'system-1', 'spot-1']);
    expect(grown['spot-1'].taints).toEqual({ spot: { value: 'true', effect: 'NoSchedule' } });
    expect(grown['system-1'].labels).toEqual({ 'workload-class': 'system-1' });
    expect(grown['system-1'].instanceTypes).toEqual(['m6i.large']);
  });

  test('GIVEN a template without services or node groups THEN nothing is grown and the document is the template', () => {
    const template: JsonObject = { project: 'acme', network: { vpc: { cidr: '10.10.0.0/16' } } };
    expect(growEnvironment(template, 10)).toEqual({ document: template, grown: [] });
  });

  test('GIVEN a template THEN it is not changed', () => {
    const before = structuredClone(TEMPLATE);
    growEnvironment(TEMPLATE, 10);
    expect(TEMPLATE).toEqual(before);
  });

  test('GIVEN a size below 1 THEN it refuses', () => {
    expect(() => growEnvironment(TEMPLATE, 0)).toThrow(/at least 1, got 0/);
  });
});

describe('growMap and cloneKey', () => {
  test('GIVEN fewer entries than the template has THEN the first ones are kept', () => {
    expect(growMap({ a1: { x: 1 }, b1: { x: 2 } }, 1)).toEqual({ a1: { x: 1 } });
  });

  test('GIVEN a key the template already uses THEN the clone takes the next free one', () => {
    expect(Object.keys(growMap({ api: {}, 'api-1': {} }, 3))).toEqual(['api', 'api-1', 'api-2']);
  });

  test('GIVEN a 32-character key THEN the clone key is shortened to 32 characters', () => {
    const key = 'a'.repeat(30) + '-b';
    expect(cloneKey(key, 12)).toBe(`${'a'.repeat(29)}-12`);
    expect(cloneKey(key, 12)).toHaveLength(32);
  });
});

describe('growEnvironment: API Gateway services', () => {
  const template: JsonObject = {
    dns: { domain: 'dev.acme-example.com' },
    services: { api: { ingress: 'apigw', containerPort: 8080 }, worker: { ingress: 'none' } },
  };

  test('GIVEN an apigw service in the template THEN each clone gets API settings with a listener port of its own, and the template keeps the default', () => {
    const { document } = growEnvironment(template, 7);
    const settings = (document.apiGateway as JsonObject).services as Record<string, JsonObject>;
    // Clones of api (index 2, 4, 6), none of the worker; api itself keeps apiGateway.nlb.defaultListenerPort (443).
    expect(Object.keys(settings)).toEqual(['api-1', 'api-2', 'api-3']);
    const ports = Object.values(settings).map((s) => s.listenerPort);
    expect(new Set([443, ...ports]).size).toBe(4);
  });

  test('GIVEN the example dev environment grown to 100 services THEN the real schema accepts it (each API service on its own listener port)', () => {
    const dev = parse(fs.readFileSync(path.join(__dirname, '../../environments/dev.yaml'), 'utf8')) as JsonObject;
    const grown = growEnvironment(dev, 100).document;
    const config = parseEnvironment(stringify(grown), 'dev.yaml', 'dev', { today: FIXTURE_TODAY });
    expect(Object.values(config.services).filter((service) => service.ingress === 'apigw').length).toBeGreaterThan(30);
  });
});
