import { costSchema, type CostAssumptions } from '../../lib/config/cost-schema';
import { SynthesizedStack, type TerraformDocument } from '../../lib/terraform-json/synthesized-stack';
import { estimateEnvironment, type EnvironmentEstimate } from './estimate';
import { emptyCatalog, loadPriceCatalog, type PriceCatalog } from './price-catalog';

export interface EnvironmentStacks {
  readonly environment: string;
  readonly document: TerraformDocument;
}

export interface SynthesisEstimateOptions {
  /** Usage assumptions by environment (the `cost:` section); the schema defaults otherwise. */
  readonly assumptions?: ReadonlyMap<string, CostAssumptions>;
  readonly today: Date;
  /** The catalog of a region. @default the committed catalogs in tools/cost/prices */
  readonly catalogFor?: (region: string) => PriceCatalog | undefined;
}

/** One estimate per environment of a synthesis (its stacks grouped by environment), sorted by name. */
export function estimateSynthesis(stacks: readonly EnvironmentStacks[], options: SynthesisEstimateOptions): EnvironmentEstimate[] {
  const byEnvironment = new Map<string, TerraformDocument[]>();
  for (const stack of stacks) byEnvironment.set(stack.environment, [...(byEnvironment.get(stack.environment) ?? []), stack.document]);
  return [...byEnvironment]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([environment, documents]) => {
      const region = documents.map((d) => SynthesizedStack.of(d).provider('aws')?.region).find((r): r is string => typeof r === 'string') ?? 'unknown';
      return estimateEnvironment({
        environment,
        region,
        documents,
        assumptions: options.assumptions?.get(environment) ?? costSchema.parse(undefined),
        catalog: (options.catalogFor ?? loadPriceCatalog)(region) ?? emptyCatalog(region),
        today: options.today,
      });
    });
}
