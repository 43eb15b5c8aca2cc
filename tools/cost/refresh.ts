import { instanceFamily, PRICE_LIST_API_SOURCE, type CatalogPrice, type PriceCatalog } from './price-catalog';
import { instanceQuery, PRICE_QUERIES, USAGE_TYPE_PREFIXES, type PriceQuery } from './price-queries';

/** One `aws pricing get-products` call: service code and TERM_MATCH filters (field → value). */
export interface ProductsRequest {
  readonly serviceCode: string;
  readonly filters: Readonly<Record<string, string>>;
}

/** Returns the `PriceList` items (JSON strings, as the API returns them) of a request, every page. */
export type GetProducts = (request: ProductsRequest) => readonly string[];

export interface RefreshResult {
  readonly catalog: PriceCatalog;
  /** Keys refreshed from the API (`prices` keys, `instances.<type>` for instance types), with the old amount when there was one. */
  readonly refreshed: readonly { readonly key: string; readonly before?: number; readonly after: number }[];
  /** Keys left as they were, and why. */
  readonly failed: readonly { readonly key: string; readonly reason: string }[];
  /** Keys with no Price List query. */
  readonly skipped: readonly string[];
}

/** The shape of one `PriceList` item (the Price List API's product JSON, aws_v1). */
interface PriceListItem {
  readonly product?: { readonly sku?: string; readonly attributes?: Readonly<Record<string, string>> };
  readonly serviceCode?: string;
  readonly publicationDate?: string;
  readonly terms?: {
    readonly OnDemand?: Readonly<
      Record<
        string,
        {
          readonly priceDimensions?: Readonly<
            Record<string, { readonly unit?: string; readonly beginRange?: string; readonly description?: string; readonly pricePerUnit?: { readonly USD?: string } }>
          >;
        }
      >
    >;
  };
}

interface Candidate {
  readonly usd: number;
  readonly unit: string;
  readonly sku: string;
  readonly usageType: string;
  readonly description: string;
  readonly publication?: string;
}

/** 10 significant digits: what the Price List carries, without binary noise from the unit conversion. */
const tidy = (value: number) => Number(value.toPrecision(10));

/**
 * Refreshes every price of a catalog that has a Price List query from the API
 * (`getProducts`), dated `today` with the source `AWS Price List API`. A price
 * the API does not answer unambiguously (no product, products with
 * different prices, or a price in another unit than the query's) keeps its
 * old entry and is reported, never guessed.
 */
export function refreshCatalog(catalog: PriceCatalog, getProducts: GetProducts, today: string): RefreshResult {
  const prefixes = USAGE_TYPE_PREFIXES[catalog.region];
  if (!prefixes) {
    throw new Error(`no Price List usage-type prefix is known for ${catalog.region}: add it to USAGE_TYPE_PREFIXES in tools/cost/price-queries.ts (e.g. EU for eu-west-1)`);
  }
  const cache = new Map<string, PriceListItem[]>();
  const products = (query: PriceQuery): PriceListItem[] => {
    const region = query.regionField === 'none' ? {} : { [query.regionField ?? 'regionCode']: catalog.region };
    const request: ProductsRequest = { serviceCode: query.serviceCode, filters: { ...region, ...query.filters } };
    const key = JSON.stringify(request);
    if (!cache.has(key))
      cache.set(
        key,
        getProducts(request).map((item) => JSON.parse(item) as PriceListItem),
      );
    return cache.get(key)!;
  };

  const refreshed: { key: string; before?: number; after: number }[] = [];
  const failed: { key: string; reason: string }[] = [];
  const skipped: string[] = [];
  const refresh = (key: string, old: CatalogPrice, query: PriceQuery): CatalogPrice => {
    const outcome = pick(products(query), query, query.regionField === 'none' ? [''] : [...prefixes, catalog.region]);
    if (typeof outcome === 'string') {
      failed.push({ key, reason: outcome });
      return old;
    }
    const usd = tidy(outcome.usd * (query.perUnit ?? 1));
    refreshed.push({ key, before: 'usd' in old ? old.usd : undefined, after: usd });
    const provenance = `${query.serviceCode} ${outcome.usageType}, SKU ${outcome.sku}, ${outcome.unit}: "${outcome.description}"${outcome.publication ? `, offer published ${outcome.publication.slice(0, 10)}` : ''}`;
    return { usd, unit: old.unit, source: PRICE_LIST_API_SOURCE, date: today, thirdParty: false, note: query.caveat ? `${query.caveat}; ${provenance}` : provenance };
  };

  const prices: Record<string, CatalogPrice> = {};
  for (const [key, old] of Object.entries(catalog.prices)) {
    const query = PRICE_QUERIES[key];
    if (query) prices[key] = refresh(key, old, query);
    else {
      skipped.push(key);
      prices[key] = old;
    }
  }
  const instances: Record<string, CatalogPrice> = {};
  for (const [type, old] of Object.entries(catalog.instances)) instances[type] = refresh(`instances.${type}`, old, instanceQuery(type));

  return { catalog: { ...catalog, checkedOn: today, prices, instances }, refreshed, failed, skipped };
}

/** The AWS Spot Instance Advisor feed (not in the Price List API): savings over on-demand by region, OS and type. */
export const SPOT_ADVISOR_URL = 'https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json';

/** The part of the Spot Instance Advisor feed the catalog reads: `s` is the savings over on-demand in percent. */
export interface SpotAdvisorFeed {
  readonly spot_advisor?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, { readonly s?: number }>>>>>>;
  readonly [region: string]: unknown;
}

/**
 * The EC2 Spot discounts of a catalog from the Spot Instance Advisor feed: one family per
 * family of the catalog's instance types (so a new type under `instances` brings its family),
 * each the range of its types' Linux savings, dated `today` from the feed. A type the feed
 * does not list is reported and its family keeps its old entry when it has no other type.
 */
export function refreshSpotDiscounts(catalog: PriceCatalog, feed: SpotAdvisorFeed, today: string): Omit<RefreshResult, 'skipped'> {
  // The feed keys regions under `spot_advisor`; a trimmed copy may hold them at the top level.
  const rows = ((feed.spot_advisor ?? feed) as Record<string, Record<string, Record<string, { s?: number }>>>)[catalog.region]?.Linux ?? {};
  const byFamily = new Map<string, Record<string, number>>();
  const failed: { key: string; reason: string }[] = [];
  for (const type of Object.keys(catalog.instances).sort()) {
    const savings = rows[type]?.s;
    if (typeof savings !== 'number') {
      failed.push({ key: `spot.ec2.${type}`, reason: `the Spot Instance Advisor lists no ${catalog.region} Linux savings for ${type}` });
      continue;
    }
    const family = instanceFamily(type);
    byFamily.set(family, { ...(byFamily.get(family) ?? {}), [type]: savings });
  }
  const refreshed: { key: string; before?: number; after: number }[] = [];
  const families = { ...catalog.spot.ec2.families };
  for (const [family, types] of [...byFamily].sort(([a], [b]) => a.localeCompare(b))) {
    const values = Object.values(types);
    const next = { minPercent: Math.min(...values), maxPercent: Math.max(...values), types };
    refreshed.push({ key: `spot.ec2.families.${family}`, before: catalog.spot.ec2.families[family]?.maxPercent, after: next.maxPercent });
    families[family] = next;
  }
  const ec2 = { ...catalog.spot.ec2, source: SPOT_ADVISOR_URL, date: today, thirdParty: false as const, families };
  return { catalog: { ...catalog, spot: { ...catalog.spot, ec2 } }, refreshed, failed };
}

/** The one on-demand price of the products matching a query, or why there is none. */
function pick(items: readonly PriceListItem[], query: PriceQuery, prefixes: readonly string[]): Candidate | string {
  const usageTypes = new Set(prefixes.map((prefix) => (prefix ? `${prefix}-${query.usageType}` : query.usageType)));
  const candidates: Candidate[] = [];
  for (const item of items) {
    const attributes = item.product?.attributes ?? {};
    if (!usageTypes.has(attributes.usagetype ?? '') || (query.operation !== undefined && attributes.operation !== query.operation)) continue;
    // The first tier with a price: a free first tier (a free allowance) is not the list price.
    const dimensions = Object.values(item.terms?.OnDemand ?? {})
      .flatMap((term) => Object.values(term.priceDimensions ?? {}))
      .map((d) => ({ ...d, usd: Number(d.pricePerUnit?.USD) }))
      .filter((d) => Number.isFinite(d.usd) && d.usd > 0)
      .sort((a, b) => Number(a.beginRange ?? 0) - Number(b.beginRange ?? 0));
    if (dimensions.length === 0) continue;
    const first = dimensions[0];
    candidates.push({
      usd: first.usd,
      unit: first.unit ?? '?',
      sku: item.product?.sku ?? '?',
      usageType: attributes.usagetype,
      description: first.description ?? '',
      publication: item.publicationDate,
    });
  }
  const wanted = `${[...usageTypes].join(' or ')}${query.operation ? ` (${query.operation})` : ''}`;
  if (candidates.length === 0) return `no on-demand product ${wanted} among ${items.length} ${query.serviceCode} products`;
  // The catalog keeps its unit: a price per another unit would be written as if per the catalog's.
  const otherUnit = candidates.filter((c) => !query.unit.includes(c.unit));
  if (otherUnit.length > 0) {
    return `unit: expected ${query.unit.join(' or ')} for ${wanted}, got ${otherUnit.map((c) => `${c.unit} (${c.sku} $${c.usd})`).join(', ')}`;
  }
  const amounts = [...new Set(candidates.map((c) => c.usd))];
  if (amounts.length > 1) return `ambiguous: ${candidates.length} products ${wanted} with different prices (${candidates.map((c) => `${c.sku} $${c.usd}`).join(', ')})`;
  return candidates[0];
}
