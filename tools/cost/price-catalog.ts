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
   * Where the value was read when it came from a third party (a repository's capture of an AWS offer
   * file, a transcription of an AWS page), or `false` when it was read from AWS itself (an AWS page,
   * `npm run cost:refresh`). Every entry says which: a third-party price is to be confirmed with
   * `aws pricing get-products` (`npm run cost:refresh`).
   */
  readonly thirdParty: string | false;
  /**
   * Set when the value is not a published price for this region but inferred from others (the NLB hour
   * equals the ALB hour in every region with a published figure): why. The estimate says so next to
   * every line that uses it.
   */
  readonly inference?: string;
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

/**
 * An instance family's Spot discount: the range of the Spot Instance Advisor's "savings over
 * on-demand" of the family's types the catalog lists (`types`: type → percent).
 */
export interface FamilyDiscount extends DiscountRange {
  readonly types: Readonly<Record<string, number>>;
}

/** EC2 Spot discounts by instance family, from one dated capture of the Spot Instance Advisor feed. */
export interface Ec2SpotDiscounts {
  readonly rule: string;
  /** The feed's URL (`https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json`). */
  readonly source: string;
  /** The capture's date (YYYY-MM-DD): the estimate prints how old it is. */
  readonly date: string;
  readonly thirdParty: string | false;
  readonly note?: string;
  readonly families: Readonly<Record<string, FamilyDiscount>>;
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
  /** EC2 Spot (Fargate Spot has its own published prices under `prices`: `fargateSpot.<arch>.*`). */
  readonly spot: { readonly ec2: Ec2SpotDiscounts };
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
    spot: { ec2: { rule: '', source: '', date: 'never', thirdParty: false, families: {} } },
  };
}

/** The instance family of a type: `m6i` for `m6i.large`. */
export const instanceFamily = (instanceType: string): string => instanceType.split('.')[0];

/** The Spot discount range of an instance family (`m6i`), or undefined when the catalog has none (then not priced). */
export function ec2SpotRange(catalog: PriceCatalog, family: string): DiscountRange | undefined {
  return catalog.spot.ec2.families[family];
}

/** Whole days from a YYYY-MM-DD date to `today` (the age of a catalog or of a Spot figure). */
export function ageInDays(date: string, today: Date): number | undefined {
  const at = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(at) ? undefined : Math.floor((today.getTime() - at) / 86_400_000);
}

/**
 * The catalog file's text: one price per line (a refresh shows as a one-line
 * diff per changed price), the rest indented as JSON.
 */
export function formatCatalog(catalog: PriceCatalog): string {
  const entries = (record: Readonly<Record<string, CatalogPrice>>) =>
    Object.entries(record)
      .map(
        ([key, price]) =>
          `    ${JSON.stringify(key)}: {${Object.entries(price)
            .map(([field, value]) => `${JSON.stringify(field)}: ${JSON.stringify(value)}`)
            .join(', ')}}`,
      )
      .join(',\n');
  const block = (key: string, record: Readonly<Record<string, CatalogPrice>>) => (Object.keys(record).length === 0 ? `  "${key}": {}` : `  "${key}": {\n${entries(record)}\n  }`);
  const { prices, instances, ...rest } = catalog;
  const head = Object.entries(rest)
    .filter(([key]) => key !== 'spot')
    .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  // One Spot family per line too: a refresh of the Spot Instance Advisor shows as one line per family.
  const { families, ...ec2 } = catalog.spot.ec2;
  const familyLines = Object.entries(families).map(([family, discount]) => `        ${JSON.stringify(family)}: ${JSON.stringify(discount).replace(/([:,])(?=["{\d])/g, '$1 ')}`);
  const spot = [
    '  "spot": {',
    '    "ec2": {',
    ...Object.entries(ec2).map(([key, value]) => `      ${JSON.stringify(key)}: ${JSON.stringify(value)},`),
    familyLines.length === 0 ? '      "families": {}' : `      "families": {\n${familyLines.join(',\n')}\n      }`,
    '    }',
    '  }',
  ].join('\n');
  return `{\n${[...head, block('prices', prices), block('instances', instances), spot].join(',\n')}\n}\n`;
}
