import * as fs from 'fs';
import * as path from 'path';

/** A sourced list price, or the reason it is missing (then whatever it prices shows as "not priced", never as zero). */
export type CatalogPrice = { readonly usd: number; readonly unit: string; readonly source: string; readonly note?: string } | { readonly missing: string; readonly unit: string };

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
