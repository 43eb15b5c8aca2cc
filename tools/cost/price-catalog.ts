import * as fs from 'fs';
import * as path from 'path';

/**
 * A sourced list price: its amount, unit, the date of its source and where it
 * comes from (docs/cost.md, "The price catalog").
 */
export interface SourcedPrice {
  readonly usd: number;
  readonly unit: string;
  /** An https URL (an AWS page, or the AWS Price List offer file the value was read from), or `AWS Price List API` after `npm run cost:refresh`. */
  readonly source: string;
  /** The date of the source (an offer file's publication, the day a page was read, the day of the refresh): YYYY-MM-DD. */
  readonly date: string;
  /**
   * Set when the value was read from a third party (a repository's capture of an AWS offer
   * file, a transcription of an AWS page) rather than from AWS directly: where it was read.
   * Such a price is to be confirmed with `aws pricing get-products` (`npm run cost:refresh`).
   */
  readonly thirdParty?: string;
  readonly note?: string;
}

/** A sourced list price, or the reason it is missing (then whatever it prices shows as "not priced", never as zero). */
export type CatalogPrice = SourcedPrice | { readonly missing: string; readonly unit: string };

/** The `source` of a price fetched by `npm run cost:refresh`. */
export const PRICE_LIST_API_SOURCE = 'AWS Price List API';

/** A Spot discount range, in percent off the on-demand price. */
export interface DiscountRange {
  readonly minPercent: number;
  readonly maxPercent: number;
}

/** The committed price catalog of one region (`tools/cost/prices/<region>.json`, docs/cost.md). */
export interface PriceCatalog {
  readonly region: string;
  readonly currency: 'USD';
  /** When the prices were checked against their sources. */
  readonly checkedOn: string;
  readonly hoursPerMonth: number;
  readonly prices: Readonly<Record<string, CatalogPrice>>;
  /** On-demand Linux price per instance-hour by instance type. */
  readonly instances: Readonly<Record<string, CatalogPrice>>;
  readonly spot: {
    readonly ec2: { readonly rule: string; readonly source: string; readonly note?: string; readonly families: Readonly<Record<string, DiscountRange>> };
    readonly fargate: DiscountRange & { readonly rule: string; readonly source: string; readonly note?: string };
  };
}

export const PRICES_DIR = path.join(__dirname, 'prices');

/** The catalog of a region, or undefined when none is committed (every resource then shows as not priced). */
export function loadPriceCatalog(region: string, dir = PRICES_DIR): PriceCatalog | undefined {
  const file = path.join(dir, `${region}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PriceCatalog) : undefined;
}

/** A catalog with no prices, for a region without a committed one. */
export function emptyCatalog(region: string): PriceCatalog {
  return {
    region,
    currency: 'USD',
    checkedOn: 'never',
    hoursPerMonth: 730,
    prices: {},
    instances: {},
    spot: { ec2: { rule: '', source: '', families: {} }, fargate: { rule: '', source: '', minPercent: 0, maxPercent: 0 } },
  };
}

/** The Spot discount range of an instance family (`m6i`), falling back to the catalog's `default`. */
export function ec2SpotRange(catalog: PriceCatalog, family: string): DiscountRange | undefined {
  return catalog.spot.ec2.families[family] ?? catalog.spot.ec2.families.default;
}

/**
 * The catalog file's text: one price per line (a refresh shows as a one-line
 * diff per changed price), the rest indented as JSON.
 */
export function formatCatalog(catalog: PriceCatalog): string {
  const entries = (record: Readonly<Record<string, CatalogPrice>>) =>
    Object.entries(record)
      .map(([key, price]) => `    ${JSON.stringify(key)}: {${Object.entries(price).map(([field, value]) => `${JSON.stringify(field)}: ${JSON.stringify(value)}`).join(', ')}}`)
      .join(',\n');
  const block = (key: string, record: Readonly<Record<string, CatalogPrice>>) =>
    Object.keys(record).length === 0 ? `  "${key}": {}` : `  "${key}": {\n${entries(record)}\n  }`;
  const { prices, instances, ...rest } = catalog;
  const head = Object.entries(rest)
    .filter(([key]) => key !== 'spot')
    .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  const spot = `  "spot": ${JSON.stringify(catalog.spot, null, 2).replace(/\n/g, '\n  ')}`;
  return `{\n${[...head, block('prices', prices), block('instances', instances), spot].join(',\n')}\n}\n`;
}
