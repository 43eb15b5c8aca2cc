import { findEksVersion, supportStatus } from '../../lib/eks/eks-versions';
import type { CostAssumptions } from '../../lib/config/cost-schema';
import { referencesIn, SynthesizedStack, valueAt, type SynthesizedBlock, type TerraformDocument } from '../../lib/terraform-json/synthesized-stack';
import { ageInDays, ec2SpotRange, instanceFamily, type CatalogPrice, type PriceCatalog, type SourcedPrice } from './price-catalog';
import { noChargeReason } from './no-charge';

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

/** How old a Spot figure of the catalog is (the estimate prints it). */
export interface SpotFigureAge {
  readonly what: string;
  readonly date: string;
  readonly days?: number;
}

export interface EnvironmentEstimate {
  readonly environment: string;
  readonly region: string;
  readonly catalogDate: string;
  readonly assumptions: CostAssumptions;
  readonly lines: readonly CostLine[];
  /** Resource types without a price and without a documented "no charge of its own", with their count. */
  readonly unpricedTypes: readonly { readonly type: string; readonly count: number }[];
  /** The sum of the priced lines: the whole monthly cost when `complete`, a lower bound otherwise. */
  readonly total: Range;
  /** Every line priced and every resource type priced or free: `total` is the estimate, not a lower bound. */
  readonly complete: boolean;
  /** Billed resources (with a cost line, or of a type not priced) and how many of them have every line priced. */
  readonly coverage: { readonly billedResources: number; readonly pricedResources: number };
  /** What the Spot and Fargate Spot lines save against the same capacity on demand. */
  readonly spotSavings: Range;
  /** Catalog keys of the priced lines whose price was read from a third party (to confirm with `npm run cost:refresh`). */
  readonly thirdPartyPrices: readonly string[];
  /** Catalog keys of the priced lines whose price is inferred, not published for the region. */
  readonly inferredPrices: readonly string[];
  /** The dates of the Spot figures the lines use, and their age. */
  readonly spotAges: readonly SpotFigureAge[];
  /** The catalog or a Spot figure older than `cost.catalogMaxAgeDays`, with the refresh command. */
  readonly warnings: readonly string[];
}

export interface EstimateInput {
  readonly environment: string;
  readonly region: string;
  readonly documents: readonly TerraformDocument[];
  readonly assumptions: CostAssumptions;
  readonly catalog: PriceCatalog;
  /** The day the EKS support phase and the catalog's age are judged on. */
  readonly today: Date;
}

const ZERO: Range = { min: 0, expected: 0, max: 0 };
const same = (value: number): Range => ({ min: value, expected: value, max: value });
const scale = (range: Range, by: Range | number): Range =>
  typeof by === 'number' ? { min: range.min * by, expected: range.expected * by, max: range.max * by } : { min: range.min * by.min, expected: range.expected * by.expected, max: range.max * by.max };
const add = (a: Range, b: Range): Range => ({ min: a.min + b.min, expected: a.expected + b.expected, max: a.max + b.max });
const isPriced = (price: CatalogPrice | undefined): price is SourcedPrice => price !== undefined && !('missing' in price);

/** What a pricer of a resource type reads and the line builders it uses. */
export interface PricingContext {
  readonly stack: SynthesizedStack;
  readonly catalog: PriceCatalog;
  readonly assumptions: CostAssumptions;
  readonly today: Date;
  readonly hours: number;
  /** A line priced from the catalog: quantity × the price of `key`, or "not priced" with the catalog's reason. */
  line(block: SynthesizedBlock | undefined, group: string, component: string, quantity: Range, key: string, extra?: Partial<CostLine>): CostLine;
  /** The note of a line priced from several catalog keys (third-party and inferred prices named); records them for the estimate. */
  sourced(keys: readonly string[]): string | undefined;
}

/** The cost lines of one resource of a type (none: it costs nothing as configured, like a cluster without Container Insights). */
export type Pricer = (block: SynthesizedBlock, context: PricingContext) => CostLine[];

/**
 * The priced resource types: one pricer each (docs/cost.md, "Adding a resource
 * type"). A type not here is free only when tools/cost/no-charge.ts says why;
 * otherwise it is "not priced" and the total is a lower bound.
 */
export const PRICED_TYPES: Readonly<Record<string, Pricer>> = {
  aws_eks_cluster: eksClusterLines,
  aws_eks_node_group: nodeGroupLines,
  aws_ecs_service: fargateLines,
  aws_ecs_cluster: containerInsightsLines,
  aws_appautoscaling_policy: scalingAlarmLines,
  aws_cloudwatch_metric_alarm: alarmLines,
  aws_cloudwatch_dashboard: (dashboard, c) => [c.line(dashboard, 'CloudWatch dashboards', 'dashboard', same(1), 'cloudwatch.dashboardMonth')],
  aws_nat_gateway: (nat, c) => [c.line(nat, 'NAT gateways', 'NAT gateway hours', same(c.hours), 'nat.hour')],
  aws_lb: loadBalancerLines,
  aws_eip: (eip, c) => [c.line(eip, 'Public IPv4 addresses', 'Elastic IP', same(c.hours), 'ipv4.hour')],
  aws_kms_key: (key, c) => [c.line(key, 'KMS keys', 'customer managed key', same(1), 'kms.keyMonth')],
  aws_secretsmanager_secret: (secret, c) => [c.line(secret, 'Secrets', 'secret', same(1), 'secretsmanager.secretMonth')],
  aws_cloudwatch_log_group: logGroupLines,
  aws_route53_zone: (zone, c) => [c.line(zone, 'Route53 zones', 'hosted zone', same(1), 'route53.zoneMonth')],
  aws_api_gateway_rest_api: (api, c) => [
    c.line(
      api,
      'API Gateway',
      `requests (assumption apiRequestsMillionsPerMonth: ${c.assumptions.apiRequestsMillionsPerMonth})`,
      same(c.assumptions.apiRequestsMillionsPerMonth),
      'apigw.restMillionRequests',
    ),
  ],
  aws_api_gateway_method_settings: apiDetailedMetricLines,
  aws_s3_bucket: (bucket, c) => [
    c.line(bucket, 'Storage', `S3 Standard storage (assumption s3StorageGbPerBucket: ${c.assumptions.s3StorageGbPerBucket})`, same(c.assumptions.s3StorageGbPerBucket), 's3.standardGbMonth'),
  ],
  aws_vpc_endpoint: vpcEndpointLines,
  aws_wafv2_web_acl: webAclLines,
  aws_ecr_repository: (repository, c) => [
    c.line(
      repository,
      'Storage',
      `ECR image storage (assumption ecrStorageGbPerRepository: ${c.assumptions.ecrStorageGbPerRepository})`,
      same(c.assumptions.ecrStorageGbPerRepository),
      'ecr.storageGbMonth',
    ),
  ],
};

/** The monthly estimate of one environment from its synthesized stacks. */
export function estimateEnvironment(input: EstimateInput): EnvironmentEstimate {
  const { catalog, assumptions, today } = input;
  const stacks = input.documents.map((document) => SynthesizedStack.of(document));
  const thirdParty = new Set<string>();
  const inferred = new Set<string>();
  const withNote = (...notes: (string | undefined)[]): string | undefined => notes.filter(Boolean).join('; ') || undefined;
  const priceOf = (key: string): CatalogPrice | undefined => (key.startsWith('instances.') ? catalog.instances[key.slice('instances.'.length)] : catalog.prices[key]);
  const sourced = (keys: readonly string[]): string | undefined => {
    const prices = keys.map((key) => [key, priceOf(key)] as const).filter((entry): entry is readonly [string, SourcedPrice] => isPriced(entry[1]));
    const fromThirdParty = prices.filter(([, p]) => p.thirdParty).map(([key]) => key);
    const fromInference = prices.filter(([, p]) => p.inference).map(([key, p]) => `${key}: ${p.inference}`);
    fromThirdParty.forEach((key) => thirdParty.add(key));
    prices.filter(([, p]) => p.inference).forEach(([key]) => inferred.add(key));
    return withNote(
      fromInference.length > 0 ? `inferred price (${fromInference.join('; ')})` : undefined,
      fromThirdParty.length > 0 ? `third-party price (${fromThirdParty.join(', ')}): confirm with npm run cost:refresh` : undefined,
    );
  };
  const line: PricingContext['line'] = (block, group, component, quantity, key, extra = {}) => {
    const entry = priceOf(key);
    const base = { group, address: block?.address ?? 'assumption', path: block?.path ?? group, component, quantity, unit: entry?.unit ?? key };
    if (!isPriced(entry)) return { ...base, ...extra, note: withNote(`not priced: ${entry ? entry.missing : `${key} is not in the catalog`}`, extra.note) };
    return { ...base, unitPrice: entry.usd, monthly: scale(quantity, entry.usd), ...extra, note: withNote(extra.note, sourced([key])) };
  };

  const lines: CostLine[] = [];
  const unpriced = new Map<string, number>();
  for (const stack of stacks) {
    const context: PricingContext = { stack, catalog, assumptions, today, hours: catalog.hoursPerMonth, line, sourced };
    // Lines in the order of PRICED_TYPES (control plane, nodes, tasks, … as a reader scans a bill).
    for (const [type, pricer] of Object.entries(PRICED_TYPES)) for (const block of stack.resources(type)) lines.push(...pricer(block, context));
    for (const block of stack.resources()) {
      if (!PRICED_TYPES[block.type] && noChargeReason(block.type) === undefined) unpriced.set(block.type, (unpriced.get(block.type) ?? 0) + 1);
    }
  }
  // Usage of the environment as a whole, not of one resource.
  if (stacks.some((stack) => stack.resources('aws_nat_gateway').length > 0)) {
    lines.push(line(undefined, 'NAT gateways', 'data processed (assumption natGatewayGbPerMonth)', same(assumptions.natGatewayGbPerMonth), 'nat.gb', { path: 'network/nat-data' }));
  }
  if (stacks.some((stack) => stack.resources('aws_vpc_endpoint').some((endpoint) => endpoint.values.vpc_endpoint_type === 'Interface'))) {
    lines.push(
      line(undefined, 'VPC endpoints', 'interface endpoint data processed (assumption interfaceEndpointGbPerMonth)', same(assumptions.interfaceEndpointGbPerMonth), 'vpcEndpoint.gb', {
        path: 'network/endpoint-data',
      }),
    );
  }
  if (assumptions.internetEgressGbPerMonth > 0) {
    lines.push(
      line(undefined, 'Data transfer', 'to the internet (assumption internetEgressGbPerMonth)', same(assumptions.internetEgressGbPerMonth), 'dataTransfer.internetGb', {
        path: 'data-transfer/internet',
      }),
    );
  }

  const priced = lines.filter((l) => l.monthly);
  const resources = new Map<string, boolean>();
  for (const l of lines.filter((x) => x.address !== 'assumption')) resources.set(l.address, (resources.get(l.address) ?? true) && l.monthly !== undefined);
  const unpricedCount = [...unpriced.values()].reduce((sum, n) => sum + n, 0);
  const spotAges = spotFigureAges(lines, catalog, today);
  return {
    environment: input.environment,
    region: input.region,
    catalogDate: catalog.checkedOn,
    assumptions,
    lines,
    unpricedTypes: [...unpriced].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, count })),
    total: priced.reduce((sum, l) => add(sum, l.monthly!), ZERO),
    complete: priced.length === lines.length && unpricedCount === 0,
    coverage: { billedResources: resources.size + unpricedCount, pricedResources: [...resources.values()].filter(Boolean).length },
    spotSavings: priced
      .filter((l) => l.onDemandMonthly)
      .reduce((sum, l) => add(sum, { min: l.onDemandMonthly!.min - l.monthly!.min, expected: l.onDemandMonthly!.expected - l.monthly!.expected, max: l.onDemandMonthly!.max - l.monthly!.max }), ZERO),
    thirdPartyPrices: [...thirdParty].sort(),
    inferredPrices: [...inferred].sort(),
    spotAges,
    warnings: ageWarnings(input.region, catalog, spotAges, assumptions.catalogMaxAgeDays, today),
  };
}

/** The Spot figures the lines use: the Spot Instance Advisor capture for EC2 Spot, the Fargate Spot prices' dates. */
function spotFigureAges(lines: readonly CostLine[], catalog: PriceCatalog, today: Date): SpotFigureAge[] {
  const ages: SpotFigureAge[] = [];
  if (lines.some((l) => l.monthly && l.component.startsWith('Spot nodes'))) {
    ages.push({ what: 'EC2 Spot discounts (Spot Instance Advisor)', date: catalog.spot.ec2.date, days: ageInDays(catalog.spot.ec2.date, today) });
  }
  const fargateSpotDates = new Set(
    Object.entries(catalog.prices)
      .filter(([key, price]) => key.startsWith('fargateSpot.') && isPriced(price))
      .map(([, price]) => (price as SourcedPrice).date),
  );
  if (lines.some((l) => l.monthly && l.component.startsWith('Fargate Spot'))) {
    for (const date of [...fargateSpotDates].sort()) ages.push({ what: 'Fargate Spot prices', date, days: ageInDays(date, today) });
  }
  return ages;
}

function ageWarnings(region: string, catalog: PriceCatalog, spotAges: readonly SpotFigureAge[], maxAgeDays: number, today: Date): string[] {
  const refresh = `run npm run cost:refresh -- --region ${region} where AWS credentials are available (docs/cost.md, "Refreshing it")`;
  const warnings: string[] = [];
  const catalogAge = ageInDays(catalog.checkedOn, today);
  if (catalogAge === undefined || catalogAge > maxAgeDays) {
    warnings.push(
      `the ${region} price catalog was last checked ${catalog.checkedOn === 'never' ? 'never' : `on ${catalog.checkedOn}, ${catalogAge} days ago`} (cost.catalogMaxAgeDays: ${maxAgeDays}): ${refresh}`,
    );
  }
  for (const age of spotAges.filter((a) => a.days === undefined || a.days > maxAgeDays)) {
    warnings.push(`the ${region} ${age.what} date from ${age.date}, ${age.days ?? '?'} days ago (cost.catalogMaxAgeDays: ${maxAgeDays}): ${refresh}`);
  }
  return warnings;
}

/**
 * The control plane at the standard rate, or at the extended-support rate when the version is past
 * its end of standard support AND the upgrade policy is EXTENDED (AWS's default when the policy is
 * not set). With `STANDARD`, AWS upgrades the cluster at the end of standard support instead of
 * billing extended support (https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html).
 */
function eksClusterLines(cluster: SynthesizedBlock, c: PricingContext): CostLine[] {
  const version = findEksVersion(String(cluster.values.version));
  const pastStandard = version !== undefined && supportStatus(version, c.today).phase !== 'standard';
  const policy = String(valueAt(cluster.values, 'upgrade_policy.support_type') ?? 'EXTENDED');
  if (pastStandard && policy === 'EXTENDED') {
    return [c.line(cluster, 'EKS control plane', `cluster hours (${cluster.values.version}: extended support)`, same(c.hours), 'eks.extendedClusterHour')];
  }
  const note = pastStandard ? `${cluster.values.version} is past its end of standard support: with upgrade_policy STANDARD AWS upgrades the cluster instead of billing extended support` : undefined;
  return [c.line(cluster, 'EKS control plane', 'cluster hours (standard support)', same(c.hours), 'eks.clusterHour', { note })];
}

/** Unit prices at the lowest cost (highest discount), expected (middle) and highest cost (lowest discount). */
function discounted(onDemand: number, range: { minPercent: number; maxPercent: number }): Range {
  return { min: onDemand * (1 - range.maxPercent / 100), expected: onDemand * (1 - (range.minPercent + range.maxPercent) / 200), max: onDemand * (1 - range.minPercent / 100) };
}

/**
 * Nodes of a managed node group, and their root volumes. On demand, EKS launches the
 * first instance type of the list that has capacity ("prioritized" allocation:
 * https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html#managed-node-group-capacity-types),
 * so a node is priced at the first type. Spot takes any type of the list
 * (price-capacity-optimized): each type at its family's Spot Instance Advisor
 * discount; min at the cheapest type's highest discount, expected at the mean of
 * the types at the middle of their range, max at the dearest type's lowest discount.
 */
function nodeGroupLines(group: SynthesizedBlock, c: PricingContext): CostLine[] {
  const scaling = valueAt(group.values, 'scaling_config') as Record<string, unknown> | undefined;
  const nodes: Range = { min: Number(scaling?.min_size ?? 0), expected: Number(scaling?.desired_size ?? scaling?.min_size ?? 0), max: Number(scaling?.max_size ?? 0) };
  const types: string[] = Array.isArray(group.values.instance_types) ? group.values.instance_types : [];
  const spot = group.values.capacity_type === 'SPOT';
  const base = {
    group: 'EKS node groups',
    address: group.address,
    path: group.path,
    component: `${spot ? 'Spot' : 'on-demand'} nodes (${types.join(', ') || 'no instance types'})`,
    quantity: scale(nodes, c.hours),
    unit: 'instance-hour',
  };
  return [nodeLine(), ...rootVolumeLines(group, nodes, c)];

  function nodeLine(): CostLine {
    const wanted = spot ? types : types.slice(0, 1);
    const missing = wanted.filter((type) => !isPriced(c.catalog.instances[type]));
    if (types.length === 0 || missing.length > 0) {
      const reasons = missing.map((type) => c.catalog.instances[type]).filter((p): p is { missing: string; unit: string } => p !== undefined && 'missing' in p);
      return { ...base, note: `not priced: no on-demand price for ${missing.join(', ') || 'the group (no instance types)'}${reasons.length > 0 ? ` (${reasons[0].missing})` : ''}` };
    }
    const onDemand = wanted.map((type) => (c.catalog.instances[type] as SourcedPrice).usd);
    const keys = wanted.map((type) => `instances.${type}`);
    if (!spot) {
      const note = types.length > 1 ? `first type in list order (${types[0]}): EKS fills on-demand capacity in list order` : undefined;
      return { ...base, unitPrice: onDemand[0], monthly: scale(base.quantity, onDemand[0]), note: [note, c.sourced(keys)].filter(Boolean).join('; ') || undefined };
    }
    const families = [...new Set(types.map(instanceFamily))];
    const noRange = families.filter((family) => !ec2SpotRange(c.catalog, family));
    if (noRange.length > 0)
      return {
        ...base,
        note: `not priced: no Spot discount for the ${noRange.join(', ')} famil${noRange.length === 1 ? 'y' : 'ies'} in spot.ec2.families (npm run cost:refresh fills it from the Spot Instance Advisor)`,
      };
    const perType = types.map((type, i) => discounted(onDemand[i], ec2SpotRange(c.catalog, instanceFamily(type))!));
    const unit: Range = { min: Math.min(...perType.map((r) => r.min)), expected: perType.reduce((sum, r) => sum + r.expected, 0) / perType.length, max: Math.max(...perType.map((r) => r.max)) };
    const meanOnDemand = onDemand.reduce((sum, p) => sum + p, 0) / onDemand.length;
    const ranges = families.map((family) => ec2SpotRange(c.catalog, family)!);
    const spread = `${Math.min(...ranges.map((r) => r.minPercent))}–${Math.max(...ranges.map((r) => r.maxPercent))}%`;
    const advisor = c.catalog.spot.ec2;
    const age = ageInDays(advisor.date, c.today);
    const from = `Spot ${spread} off on-demand by family (Spot Instance Advisor of ${advisor.date}${age === undefined ? '' : `, ${age} days old`}${advisor.thirdParty ? ', third-party capture' : ''})`;
    return { ...base, unitPrice: unit.expected, monthly: scale(base.quantity, unit), onDemandMonthly: scale(base.quantity, meanOnDemand), note: [from, c.sourced(keys)].filter(Boolean).join('; ') };
  }
}

/**
 * The root volume of every node: the launch template's EBS mapping (size and type), else the node
 * group's `disk_size` (EKS default 20 GiB). Billed per GB-month provisioned while the node runs
 * (https://aws.amazon.com/ebs/pricing/); gp3 IOPS and throughput above the free baseline are not modelled.
 */
function rootVolumeLines(group: SynthesizedBlock, nodes: Range, c: PricingContext): CostLine[] {
  const template = c.stack.follow(valueAt(group.values, 'launch_template.id'));
  const mappings = template ? valueAt(template.values, 'block_device_mappings') : undefined;
  const ebs = (Array.isArray(mappings) ? mappings : mappings ? [mappings] : []).map((m: any) => valueAt(m, 'ebs') as Record<string, unknown> | undefined).find(Boolean);
  const size = Number(ebs?.volume_size ?? group.values.disk_size ?? 20);
  const type = String(ebs?.volume_type ?? (template ? 'gp3' : 'gp2'));
  const extra = Number(ebs?.iops ?? 0) > 3000 || Number(ebs?.throughput ?? 0) > 125 ? 'provisioned IOPS or throughput above the gp3 baseline are not priced' : undefined;
  return [c.line(group, 'EKS node groups', `root volumes (${size} GB ${type} per node)`, scale(nodes, size), `ebs.${type}GbMonth`, { note: extra })];
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

/**
 * The tasks of a Fargate service per capacity provider: FARGATE at the on-demand vCPU and GB
 * prices of the task's architecture, FARGATE_SPOT at the published Fargate Spot prices
 * (`fargateSpot.<arch>.*`, https://aws.amazon.com/fargate/pricing/).
 */
/** `aws_ecs_service.desired_count` when the attribute is absent (hashicorp/aws 5.100.0). */
const TERRAFORM_DEFAULT_DESIRED_COUNT = 0;

function fargateLines(service: SynthesizedBlock, c: PricingContext): CostLine[] {
  const { stack, catalog } = c;
  const task = stack.follow(service.values.task_definition);
  const cpu = Number(task?.values.cpu ?? 0) / 1024;
  const gb = Number(task?.values.memory ?? 0) / 1024;
  const arch = valueAt(task?.values, 'runtime_platform.cpu_architecture') === 'ARM64' ? 'arm64' : 'x86';
  const target = autoscalingTargetOf(stack, service);
  // What the synthesized JSON says, else what Terraform applies for an absent attribute: the provider's default, 0
  // (https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/ecs_service#desired_count), never the
  // environment file's default (FargateService always writes `desired_count`).
  const desired = Number(service.values.desired_count ?? TERRAFORM_DEFAULT_DESIRED_COUNT);
  const tasks: Range = { min: Number(target?.values.min_capacity ?? desired), expected: desired, max: Number(target?.values.max_capacity ?? desired) };
  const clusterStrategy = stack
    .resources('aws_ecs_cluster_capacity_providers')
    .find((cp) => referencesIn(cp.values.cluster_name).some((r) => referencesIn(service.values.cluster).some((s) => s.address === r.address)));
  const raw = service.values.capacity_provider_strategy ?? (service.values.launch_type ? undefined : clusterStrategy?.values.default_capacity_provider_strategy);
  const strategy: Strategy[] = (Array.isArray(raw) ? raw : raw ? [raw] : [{ capacity_provider: 'FARGATE', base: 0, weight: 1 }]).map((s: any) => ({
    capacityProvider: String(s.capacity_provider),
    base: Number(s.base ?? 0),
    weight: Number(s.weight ?? 0),
  }));
  const size = `${cpu} vCPU, ${gb} GB, ${arch}`;
  const perTask = (prefix: string): { usd?: number; keys: string[]; missing?: string } => {
    const keys = [`${prefix}.${arch}.vcpuHour`, `${prefix}.${arch}.gbHour`];
    const [vcpu, mem] = keys.map((k) => catalog.prices[k]);
    if (!isPriced(vcpu) || !isPriced(mem))
      return { keys, missing: [vcpu, mem].map((p) => (p && 'missing' in p ? p.missing : '')).find(Boolean) ?? `no ${prefix} ${arch} price in the catalog (${keys.join(', ')})` };
    return { usd: cpu * vcpu.usd + gb * mem.usd, keys };
  };
  const onProvider = (provider: string): Range => {
    const at = (n: number) => splitTasks(n, strategy).get(provider) ?? 0;
    return { min: at(tasks.min), expected: at(tasks.expected), max: at(tasks.max) };
  };
  return ['FARGATE', 'FARGATE_SPOT']
    .filter((provider) => strategy.some((s) => s.capacityProvider === provider))
    .map((provider) => {
      const spot = provider === 'FARGATE_SPOT';
      const quantity = scale(onProvider(provider), c.hours);
      const base = {
        group: 'Fargate services',
        address: service.address,
        path: `${service.path}#${provider}`,
        component: `${spot ? 'Fargate Spot' : 'Fargate'} tasks (${size})`,
        quantity,
        unit: 'task-hour',
      };
      const price = perTask(spot ? 'fargateSpot' : 'fargate');
      if (price.usd === undefined) return { ...base, note: `not priced: ${price.missing}` };
      if (!spot) return { ...base, unitPrice: price.usd, monthly: scale(quantity, price.usd), note: c.sourced(price.keys) };
      const onDemand = perTask('fargate').usd;
      const date = (catalog.prices[price.keys[0]] as SourcedPrice).date;
      const off = onDemand ? `, ${Math.round((1 - price.usd / onDemand) * 100)}% off on-demand` : '';
      return {
        ...base,
        unitPrice: price.usd,
        monthly: scale(quantity, price.usd),
        onDemandMonthly: onDemand === undefined ? undefined : scale(quantity, onDemand),
        note: [`Fargate Spot price of ${date}${off}`, c.sourced(price.keys)].filter(Boolean).join('; '),
      };
    });
}

/** The Application Auto Scaling target of an ECS service (its `resource_id` names the service). */
function autoscalingTargetOf(stack: SynthesizedStack, service: SynthesizedBlock): SynthesizedBlock | undefined {
  return stack.resources('aws_appautoscaling_target').find((t) => referencesIn(t.values.resource_id).some((r) => r.address === service.address));
}

/**
 * The CloudWatch alarms a target-tracking policy creates and AWS bills as standard alarms: one
 * for scale-out and one for scale-in, none for scale-in when it is disabled
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html).
 * Step scaling uses alarms defined elsewhere (priced as aws_cloudwatch_metric_alarm).
 */
function scalingAlarmLines(policy: SynthesizedBlock, c: PricingContext): CostLine[] {
  if (policy.values.policy_type !== 'TargetTrackingScaling') return [];
  const scaleInDisabled = valueAt(policy.values, 'target_tracking_scaling_policy_configuration.disable_scale_in') === true;
  const alarms = scaleInDisabled ? 1 : 2;
  return [c.line(policy, 'CloudWatch alarms', `${alarms} target-tracking alarm${alarms === 1 ? '' : 's'} (created by the policy)`, same(alarms), 'cloudwatch.alarmMonth')];
}

/**
 * Container Insights on an ECS cluster publishes custom metrics, billed per metric-month
 * (https://aws.amazon.com/cloudwatch/pricing/: "Container Insights ... charged as custom metrics"):
 * per cluster and per service (service and task-family dimensions); enhanced observability adds
 * per-container metrics (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html).
 * The counts are an inference from that table (say so in the line); its performance log events
 * are ingested like a log group's (assumption logGbPerGroupPerMonth).
 */
export const CONTAINER_INSIGHTS_METRICS = { perCluster: 10, perService: 21, perContainerEnhanced: 8 } as const;

function containerInsightsLines(cluster: SynthesizedBlock, c: PricingContext): CostLine[] {
  const settings = valueAt(cluster.values, 'setting');
  const mode = (Array.isArray(settings) ? settings : settings ? [settings] : []).find((s: any) => s?.name === 'containerInsights')?.value;
  if (mode !== 'enabled' && mode !== 'enhanced') return [];
  const services = c.stack.resources('aws_ecs_service').filter((s) => referencesIn(s.values.cluster).some((r) => r.address === cluster.address));
  // A synthesized task definition holds its containers as a JSON string (the provider's `container_definitions`).
  const containers = services.reduce((sum, s) => {
    const definitions = c.stack.follow(s.values.task_definition)?.values.container_definitions;
    return sum + (typeof definitions === 'string' ? (JSON.parse(definitions) as unknown[]).length : Array.isArray(definitions) ? definitions.length : 1);
  }, 0);
  const metrics =
    CONTAINER_INSIGHTS_METRICS.perCluster + services.length * CONTAINER_INSIGHTS_METRICS.perService + (mode === 'enhanced' ? containers * CONTAINER_INSIGHTS_METRICS.perContainerEnhanced : 0);
  const how = `${CONTAINER_INSIGHTS_METRICS.perCluster} per cluster + ${CONTAINER_INSIGHTS_METRICS.perService} per service × ${services.length}${mode === 'enhanced' ? ` + ${CONTAINER_INSIGHTS_METRICS.perContainerEnhanced} per container × ${containers}` : ''}`;
  const gb = c.assumptions.logGbPerGroupPerMonth;
  return [
    c.line(cluster, 'Container Insights', `${metrics} custom metrics (${mode}: ${how})`, same(metrics), 'cloudwatch.metricMonth', {
      note: 'metric counts inferred from the ECS Container Insights metrics table',
    }),
    c.line(cluster, 'Container Insights', `performance log ingestion (assumption logGbPerGroupPerMonth: ${gb})`, same(gb), 'logs.ingestGb'),
  ];
}

/**
 * API Gateway detailed metrics (`metrics_enabled`) publish the REST metrics per method: Count,
 * 4XXError, 5XXError, Latency, IntegrationLatency, and the two cache metrics with a stage cache
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html),
 * billed as custom metrics (https://aws.amazon.com/api-gateway/pricing/).
 */
function apiDetailedMetricLines(settings: SynthesizedBlock, c: PricingContext): CostLine[] {
  if (valueAt(settings.values, 'settings.metrics_enabled') !== true) return [];
  const api = c.stack.follow(settings.values.rest_api_id);
  const methods =
    settings.values.method_path === '*/*' ? c.stack.resources('aws_api_gateway_method').filter((m) => api && referencesIn(m.values.rest_api_id).some((r) => r.address === api.address)).length : 1;
  const stage = c.stack.resources('aws_api_gateway_stage').find((s) => referencesIn(settings.values.stage_name).some((r) => r.address === s.address));
  const perMethod = stage?.values.cache_cluster_enabled === true ? 7 : 5;
  const metrics = methods * perMethod;
  return [c.line(settings, 'API Gateway', `detailed metrics (${perMethod} per method × ${methods} methods)`, same(metrics), 'cloudwatch.metricMonth')];
}

/** A load balancer's hours and assumed capacity units, and the public IPv4 address of each AZ of an internet-facing one. */
function loadBalancerLines(lb: SynthesizedBlock, c: PricingContext): CostLine[] {
  const kind = lb.values.load_balancer_type === 'network' ? 'nlb' : 'alb';
  const lcu = kind === 'nlb' ? c.assumptions.nlbLcuPerHour : c.assumptions.albLcuPerHour;
  const lines = [
    c.line(lb, 'Load balancers', `${kind.toUpperCase()} hours`, same(c.hours), `${kind}.hour`),
    c.line(lb, 'Load balancers', `capacity units (assumption ${kind}LcuPerHour: ${lcu})`, same(c.hours * lcu), `${kind}.lcuHour`),
  ];
  if (lb.values.internal === false) {
    // An internet-facing load balancer holds one public IPv4 address per subnet (AZ) it is in.
    const addresses = Array.isArray(lb.values.subnets) ? lb.values.subnets.length : Array.isArray(lb.values.subnet_mapping) ? lb.values.subnet_mapping.length : 1;
    lines.push(c.line(lb, 'Public IPv4 addresses', `${addresses} public IPv4 (one per AZ)`, same(addresses * c.hours), 'ipv4.hour'));
  }
  return lines;
}

/**
 * An alarm is billed per metric it evaluates: a metric-math alarm over two metrics is two alarm metrics
 * (https://aws.amazon.com/cloudwatch/pricing/, "Alarms": "per alarm metric").
 */
function alarmLines(alarm: SynthesizedBlock, c: PricingContext): CostLine[] {
  const queries = Array.isArray(alarm.values.metric_query) ? alarm.values.metric_query : [];
  const metrics = Math.max(1, queries.filter((query: Record<string, unknown>) => query.metric !== undefined).length);
  return [c.line(alarm, 'CloudWatch alarms', metrics > 1 ? `alarm (standard resolution, ${metrics} metrics)` : 'alarm (standard resolution)', same(metrics), 'cloudwatch.alarmMonth')];
}

/** An interface endpoint's hours in each AZ it has a network interface in; a gateway endpoint (S3) is free. */
function vpcEndpointLines(endpoint: SynthesizedBlock, c: PricingContext): CostLine[] {
  if (endpoint.values.vpc_endpoint_type !== 'Interface') return [];
  const zones = Array.isArray(endpoint.values.subnet_ids) ? endpoint.values.subnet_ids.length : 1;
  return [c.line(endpoint, 'VPC endpoints', `interface endpoint hours (${zones} AZ)`, same(zones * c.hours), 'vpcEndpoint.interfaceHour')];
}

/** A web ACL's month, one rule-month per rule (a managed rule group counts as one), and the requests it inspects (assumption). */
function webAclLines(acl: SynthesizedBlock, c: PricingContext): CostLine[] {
  const rules = Array.isArray(acl.values.rule) ? acl.values.rule.length : 0;
  const requests = c.assumptions.wafRequestsMillionsPerMonth;
  return [
    c.line(acl, 'WAF', 'web ACL', same(1), 'waf.webAclMonth'),
    c.line(acl, 'WAF', `rules (${rules})`, same(rules), 'waf.ruleMonth'),
    c.line(acl, 'WAF', `requests inspected (assumption wafRequestsMillionsPerMonth: ${requests})`, same(requests), 'waf.millionRequests'),
  ];
}

/** A log group's ingestion (assumption) and its steady-state storage: `retention` days of it (never-expiring groups: one year shown). */
function logGroupLines(group: SynthesizedBlock, c: PricingContext): CostLine[] {
  const gb = c.assumptions.logGbPerGroupPerMonth;
  const retention = Number(group.values.retention_in_days ?? 0);
  const stored = gb * ((retention > 0 ? retention : 365) / 30);
  return [
    c.line(group, 'Logs', `ingestion (assumption logGbPerGroupPerMonth: ${gb})`, same(gb), 'logs.ingestGb'),
    c.line(group, 'Logs', `storage (${retention > 0 ? `${retention} days` : 'never expires: 1 year shown'})`, same(stored), 'logs.storageGbMonth'),
  ];
}
