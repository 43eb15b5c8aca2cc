import { findEksVersion, supportStatus } from '../../lib/eks/eks-versions';
import type { CostAssumptions } from '../../lib/config/cost-schema';
import { referencesIn, SynthesizedStack, type SynthesizedBlock, type TerraformDocument } from '../../lib/synth/synthesized-stack';
import { ec2SpotRange, type CatalogPrice, type DiscountRange, type PriceCatalog, type SourcedPrice } from './price-catalog';
import { NO_CHARGE_OF_ITS_OWN } from './no-charge';

/** Minimum (min sizes and counts), expected (desired) and maximum (max sizes and counts). */
export interface Range {
  readonly min: number;
  readonly expected: number;
  readonly max: number;
}

/**
 * One cost component of one resource, shaped like an infracost breakdown line:
 * the resource, what is billed, the monthly quantity, the unit price and the
 * monthly cost. `monthly` is undefined when the catalog has no price for it.
 */
export interface CostLine {
  readonly group: string;
  /** Terraform address of the resource (or `assumption` for usage-only lines). */
  readonly address: string;
  /** Construct path: the key the diff compares lines by. */
  readonly path: string;
  readonly component: string;
  readonly quantity: Range;
  readonly unit: string;
  readonly unitPrice?: number;
  readonly monthly?: Range;
  /** The same capacity on demand, for Spot and Fargate Spot lines. */
  readonly onDemandMonthly?: Range;
  /** Why it is not priced, or how it was priced. */
  readonly note?: string;
}

export interface EnvironmentEstimate {
  readonly environment: string;
  readonly region: string;
  readonly catalogDate: string;
  readonly assumptions: CostAssumptions;
  readonly lines: readonly CostLine[];
  /** Resource types without a price and without a known "no charge of its own", with their count. */
  readonly unpricedTypes: readonly { readonly type: string; readonly count: number }[];
  readonly total: Range;
  /** What the Spot and Fargate Spot lines save against the same capacity on demand. */
  readonly spotSavings: Range;
  /** Catalog keys of the priced lines whose price was read from a third party (to confirm with `npm run cost:refresh`). */
  readonly thirdPartyPrices: readonly string[];
}

export interface EstimateInput {
  readonly environment: string;
  readonly region: string;
  readonly documents: readonly TerraformDocument[];
  readonly assumptions: CostAssumptions;
  readonly catalog: PriceCatalog;
  /** The day the EKS support phase is judged on. */
  readonly today: Date;
}

const ZERO: Range = { min: 0, expected: 0, max: 0 };
const same = (value: number): Range => ({ min: value, expected: value, max: value });
const scale = (range: Range, by: Range | number): Range =>
  typeof by === 'number' ? { min: range.min * by, expected: range.expected * by, max: range.max * by } : { min: range.min * by.min, expected: range.expected * by.expected, max: range.max * by.max };
const add = (a: Range, b: Range): Range => ({ min: a.min + b.min, expected: a.expected + b.expected, max: a.max + b.max });

/** The monthly estimate of one environment from its synthesized stacks. */
export function estimateEnvironment(input: EstimateInput): EnvironmentEstimate {
  const { catalog, assumptions } = input;
  const stacks = input.documents.map((document) => SynthesizedStack.of(document));
  const lines: CostLine[] = [];
  const handled = new Set<string>();
  const hours = catalog.hoursPerMonth;
  const price = (key: string): CatalogPrice | undefined => catalog.prices[key];
  const thirdParty = new Set<string>();
  /** Notes a priced line's third-party prices, so the estimate says which ones to confirm. */
  const sourced = (keys: readonly string[], prices: readonly SourcedPrice[]): string | undefined => {
    const from = keys.filter((_, i) => prices[i].thirdParty);
    from.forEach((key) => thirdParty.add(key));
    return from.length > 0 ? `third-party price (${from.join(', ')}): confirm with npm run cost:refresh` : undefined;
  };
  const withNote = (...notes: (string | undefined)[]): string | undefined => notes.filter(Boolean).join('; ') || undefined;

  /** A line priced from the catalog: quantity × unit price, or "not priced". */
  const line = (block: SynthesizedBlock | undefined, group: string, component: string, quantity: Range, key: string, extra: Partial<CostLine> = {}): CostLine => {
    const entry = price(key);
    const base = { group, address: block?.address ?? 'assumption', path: block?.path ?? group, component, quantity, unit: entry?.unit ?? key };
    if (!entry || 'missing' in entry) return { ...base, ...extra, note: `not priced: ${entry ? entry.missing : `${key} is not in the catalog`}` };
    return { ...base, unitPrice: entry.usd, monthly: scale(quantity, entry.usd), ...extra, note: withNote(extra.note, sourced([key], [entry])) };
  };

  for (const stack of stacks) {
    const of = (type: string) => {
      handled.add(type);
      return stack.resources(type);
    };

    for (const cluster of of('aws_eks_cluster')) {
      const version = findEksVersion(String(cluster.values.version));
      const phase = version ? supportStatus(version, input.today).phase : 'standard';
      const extended = phase !== 'standard';
      lines.push(line(cluster, 'EKS control plane', extended ? `cluster hours (${cluster.values.version}: extended support)` : 'cluster hours (standard support)', same(hours), extended ? 'eks.extendedClusterHour' : 'eks.clusterHour'));
    }

    for (const group of of('aws_eks_node_group')) {
      const nodes = nodeGroupLine(group, catalog);
      const types: string[] = nodes.monthly && Array.isArray(group.values.instance_types) ? group.values.instance_types : [];
      lines.push({ ...nodes, note: withNote(nodes.note, sourced(types.map((t) => `instances.${t}`), types.map((t) => catalog.instances[t] as SourcedPrice))) });
    }

    for (const service of of('aws_ecs_service')) {
      for (const task of fargateLines(stack, service, catalog)) {
        const keys = task.monthly ? (task.priceKeys ?? []) : [];
        const { priceKeys: _, ...fargate } = task;
        lines.push({ ...fargate, note: withNote(fargate.note, sourced(keys, keys.map((k) => catalog.prices[k] as SourcedPrice))) });
      }
    }

    for (const nat of of('aws_nat_gateway')) lines.push(line(nat, 'NAT gateways', 'NAT gateway hours', same(hours), 'nat.hour'));
    if (stack.resources('aws_nat_gateway').length > 0) {
      lines.push(line(undefined, 'NAT gateways', 'data processed (assumption natGatewayGbPerMonth)', same(assumptions.natGatewayGbPerMonth), 'nat.gb', { path: 'network/nat-data' }));
    }

    for (const lb of of('aws_lb')) {
      const kind = lb.values.load_balancer_type === 'network' ? 'nlb' : 'alb';
      const lcu = kind === 'nlb' ? assumptions.nlbLcuPerHour : assumptions.albLcuPerHour;
      lines.push(line(lb, 'Load balancers', `${kind.toUpperCase()} hours`, same(hours), `${kind}.hour`));
      lines.push(line(lb, 'Load balancers', `capacity units (assumption ${kind}LcuPerHour: ${lcu})`, same(hours * lcu), `${kind}.lcuHour`));
      if (lb.values.internal === false) {
        // An internet-facing load balancer holds one public IPv4 address per subnet (AZ) it is in.
        const addresses = Array.isArray(lb.values.subnets) ? lb.values.subnets.length : Array.isArray(lb.values.subnet_mapping) ? lb.values.subnet_mapping.length : 1;
        lines.push(line(lb, 'Public IPv4 addresses', `${addresses} public IPv4 (one per AZ)`, same(addresses * hours), 'ipv4.hour'));
      }
    }
    for (const eip of of('aws_eip')) lines.push(line(eip, 'Public IPv4 addresses', 'Elastic IP', same(hours), 'ipv4.hour'));

    for (const key of of('aws_kms_key')) lines.push(line(key, 'KMS keys', 'customer managed key', same(1), 'kms.keyMonth'));
    for (const secret of of('aws_secretsmanager_secret')) lines.push(line(secret, 'Secrets', 'secret', same(1), 'secretsmanager.secretMonth'));

    for (const group of of('aws_cloudwatch_log_group')) {
      const gb = assumptions.logGbPerGroupPerMonth;
      const retention = Number(group.values.retention_in_days ?? 0);
      lines.push(line(group, 'Logs', `ingestion (assumption logGbPerGroupPerMonth: ${gb})`, same(gb), 'logs.ingestGb'));
      // Steady state: a group keeps `retention` days of its monthly ingestion (never-expiring groups: one year shown).
      const stored = gb * ((retention > 0 ? retention : 365) / 30);
      lines.push(line(group, 'Logs', `storage (${retention > 0 ? `${retention} days` : 'never expires: 1 year shown'})`, same(stored), 'logs.storageGbMonth'));
    }

    for (const zone of of('aws_route53_zone')) lines.push(line(zone, 'Route53 zones', 'hosted zone', same(1), 'route53.zoneMonth'));

    for (const api of of('aws_api_gateway_rest_api')) {
      lines.push(line(api, 'API Gateway', `requests (assumption apiRequestsMillionsPerMonth: ${assumptions.apiRequestsMillionsPerMonth})`, same(assumptions.apiRequestsMillionsPerMonth), 'apigw.restMillionRequests'));
    }
  }
  if (assumptions.internetEgressGbPerMonth > 0) {
    lines.push(line(undefined, 'Data transfer', 'to the internet (assumption internetEgressGbPerMonth)', same(assumptions.internetEgressGbPerMonth), 'dataTransfer.internetGb', { path: 'data-transfer/internet' }));
  }

  const counts = new Map<string, number>();
  for (const block of stacks.flatMap((stack) => stack.resources())) {
    if (handled.has(block.type) || NO_CHARGE_OF_ITS_OWN.some((prefix) => block.type === prefix || (prefix.endsWith('*') && block.type.startsWith(prefix.slice(0, -1))))) continue;
    counts.set(block.type, (counts.get(block.type) ?? 0) + 1);
  }
  const priced = lines.filter((l) => l.monthly);
  return {
    environment: input.environment,
    region: input.region,
    catalogDate: catalog.checkedOn,
    assumptions,
    lines,
    unpricedTypes: [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, count })),
    total: priced.reduce((sum, l) => add(sum, l.monthly!), ZERO),
    spotSavings: priced.filter((l) => l.onDemandMonthly).reduce((sum, l) => add(sum, { min: l.onDemandMonthly!.min - l.monthly!.min, expected: l.onDemandMonthly!.expected - l.monthly!.expected, max: l.onDemandMonthly!.max - l.monthly!.max }), ZERO),
    thirdPartyPrices: [...thirdParty].sort(),
  };
}

/** Unit prices at the lowest cost (highest discount), expected (middle) and highest cost (no discount). */
function discounted(onDemand: number, range: DiscountRange): Range {
  return { min: onDemand * (1 - range.maxPercent / 100), expected: onDemand * (1 - (range.minPercent + range.maxPercent) / 200), max: onDemand * (1 - range.minPercent / 100) };
}

function nodeGroupLine(group: SynthesizedBlock, catalog: PriceCatalog): CostLine {
  const scaling = group.values.scaling_config ?? {};
  const nodes: Range = { min: Number(scaling.min_size ?? 0), expected: Number(scaling.desired_size ?? scaling.min_size ?? 0), max: Number(scaling.max_size ?? 0) };
  const types: string[] = Array.isArray(group.values.instance_types) ? group.values.instance_types : [];
  const spot = group.values.capacity_type === 'SPOT';
  const base = { group: 'EKS node groups', address: group.address, path: group.path, component: `${spot ? 'Spot' : 'on-demand'} nodes (${types.join(', ') || 'no instance types'})`, quantity: scale(nodes, catalog.hoursPerMonth), unit: 'instance-hour' };
  const prices = types.map((type) => catalog.instances[type]);
  const missing = types.filter((_, i) => !prices[i] || 'missing' in prices[i]!);
  if (types.length === 0 || missing.length > 0) {
    const reason = catalog.prices['ec2.onDemandHour'];
    return { ...base, note: `not priced: no on-demand price for ${missing.join(', ') || 'the group'}${reason && 'missing' in reason ? ` (${reason.missing})` : ''}` };
  }
  // The group may run any of its types: price a node at their mean.
  const onDemand = prices.reduce((sum, p) => sum + (p as { usd: number }).usd, 0) / prices.length;
  if (!spot) return { ...base, unitPrice: onDemand, monthly: scale(base.quantity, onDemand), note: types.length > 1 ? 'mean of the types' : undefined };
  const ranges = [...new Set(types.map((type) => type.split('.')[0]))].map((family) => ec2SpotRange(catalog, family));
  if (ranges.some((r) => !r)) return { ...base, note: 'not priced: no Spot discount range for these families' };
  const range = { minPercent: Math.min(...ranges.map((r) => r!.minPercent)), maxPercent: Math.max(...ranges.map((r) => r!.maxPercent)) };
  return { ...base, unitPrice: onDemand, monthly: scale(base.quantity, discounted(onDemand, range)), onDemandMonthly: scale(base.quantity, onDemand), note: `Spot ${range.minPercent}–${range.maxPercent}% off on-demand` };
}

interface Strategy {
  readonly capacityProvider: string;
  readonly base: number;
  readonly weight: number;
}

/** How many of `tasks` run on each capacity provider: bases first, the rest by weight (ECS capacity provider strategy). */
export function splitTasks(tasks: number, strategy: readonly Strategy[]): Map<string, number> {
  const split = new Map<string, number>(strategy.map((s) => [s.capacityProvider, 0]));
  let rest = tasks;
  for (const s of strategy) {
    const base = Math.min(s.base, rest);
    split.set(s.capacityProvider, base);
    rest -= base;
  }
  const weights = strategy.reduce((sum, s) => sum + s.weight, 0);
  for (const s of strategy) if (weights > 0) split.set(s.capacityProvider, split.get(s.capacityProvider)! + (rest * s.weight) / weights);
  return split;
}

function fargateLines(stack: SynthesizedStack, service: SynthesizedBlock, catalog: PriceCatalog): (CostLine & { readonly priceKeys?: readonly string[] })[] {
  const task = stack.follow(service.values.task_definition);
  const cpu = Number(task?.values.cpu ?? 0) / 1024;
  const gb = Number(task?.values.memory ?? 0) / 1024;
  const arch = task?.values.runtime_platform?.cpu_architecture === 'ARM64' ? 'arm64' : 'x86';
  const target = stack.resources('aws_appautoscaling_target').find((t) => referencesIn(t.values.resource_id).some((r) => r.address === service.address));
  const desired = Number(service.values.desired_count ?? 1);
  const tasks: Range = { min: Number(target?.values.min_capacity ?? desired), expected: desired, max: Number(target?.values.max_capacity ?? desired) };
  const clusterStrategy = stack.resources('aws_ecs_cluster_capacity_providers').find((c) => referencesIn(c.values.cluster_name).some((r) => referencesIn(service.values.cluster).some((s) => s.address === r.address)));
  const raw = service.values.capacity_provider_strategy ?? (service.values.launch_type ? undefined : clusterStrategy?.values.default_capacity_provider_strategy);
  const strategy: Strategy[] = (Array.isArray(raw) ? raw : raw ? [raw] : [{ capacity_provider: 'FARGATE', base: 0, weight: 1 }]).map((s: any) => ({
    capacityProvider: String(s.capacity_provider),
    base: Number(s.base ?? 0),
    weight: Number(s.weight ?? 0),
  }));
  const vcpu = catalog.prices[`fargate.${arch}.vcpuHour`];
  const mem = catalog.prices[`fargate.${arch}.gbHour`];
  const size = `${cpu} vCPU, ${gb} GB, ${arch}`;
  const hours = catalog.hoursPerMonth;
  const onProvider = (provider: string): Range => {
    const at = (n: number) => splitTasks(n, strategy).get(provider) ?? 0;
    return { min: at(tasks.min), expected: at(tasks.expected), max: at(tasks.max) };
  };
  return ['FARGATE', 'FARGATE_SPOT']
    .filter((provider) => strategy.some((s) => s.capacityProvider === provider))
    .map((provider) => {
      const spot = provider === 'FARGATE_SPOT';
      const quantity = scale(onProvider(provider), hours);
      const base = { group: 'Fargate services', address: service.address, path: `${service.path}#${provider}`, component: `${spot ? 'Fargate Spot' : 'Fargate'} tasks (${size})`, quantity, unit: 'task-hour' };
      if (!vcpu || 'missing' in vcpu || !mem || 'missing' in mem) {
        return { ...base, note: `not priced: ${[vcpu, mem].map((p) => (p && 'missing' in p ? p.missing : '')).find(Boolean) ?? `no Fargate ${arch} price in the catalog`}` };
      }
      const perTask = cpu * vcpu.usd + gb * mem.usd;
      const priceKeys = [`fargate.${arch}.vcpuHour`, `fargate.${arch}.gbHour`];
      if (!spot) return { ...base, unitPrice: perTask, monthly: scale(quantity, perTask), priceKeys };
      const range = catalog.spot.fargate;
      return { ...base, unitPrice: perTask, monthly: scale(quantity, discounted(perTask, range)), onDemandMonthly: scale(quantity, perTask), note: `Fargate Spot ${range.minPercent}–${range.maxPercent}% off`, priceKeys };
    });
}
