import * as fs from 'fs';
import * as path from 'path';
import { formatCatalog, loadPriceCatalog, PRICES_DIR } from '../tools/cost/price-catalog';
import { parseCommandLine } from './support/command-line';
import { refreshCatalog, refreshSpotDiscounts, SPOT_ADVISOR_URL, type GetProducts, type ProductsRequest, type SpotAdvisorFeed } from '../tools/cost/refresh';
import { UserError } from '../lib/util/user-error';
import { runSync } from '../tools/process/run-process';
import { runCommandMain } from './support/command-main';

const USAGE = `usage: npm run cost:refresh [-- --region REGION]... [--dir DIR] [--dry-run]
  fetches every price of the committed catalogs (tools/cost/prices/<region>.json) from the AWS Price List
  API (aws pricing get-products, us-east-1 endpoint) and rewrites them dated today, source "AWS Price List API".
  Needs the AWS CLI and credentials allowed pricing:GetProducts; refuses without them (docs/cost.md).
  --region REGION  refresh this region's catalog only (repeatable; default: every catalog)
  --dir DIR        the catalogs' folder (default: tools/cost/prices)
  --spot-advisor FILE  read the Spot Instance Advisor feed from FILE instead of ${SPOT_ADVISOR_URL}
  --dry-run        print what would change, write nothing`;

/** The Price List API answers from us-east-1 (and a few other regions), whatever region the prices are for. */
const PRICING_ENDPOINT_REGION = 'us-east-1';

function aws(args: readonly string[]): string {
  const result = runSync({ program: 'aws', args: [...args, '--region', PRICING_ENDPOINT_REGION, '--output', 'json'] });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: `Error` has no `code`
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new UserError('the AWS CLI (aws) is not on PATH: install it (https://docs.aws.amazon.com/cli/) to refresh prices; the catalogs are unchanged');
  }
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`aws ${args.slice(0, 2).join(' ')} failed (exit ${result.status}): ${result.stderr.trim().split('\n')[0] ?? ''}`);
  return result.stdout;
}

/** Refuses clearly before any price query when no credentials resolve (the Price List API is not anonymous). */
function requireCredentials(): void {
  try {
    aws(['sts', 'get-caller-identity']);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `no usable AWS credentials (${(error as Error).message}); the Price List API needs them (any identity allowed pricing:GetProducts). ` +
        'Set AWS_PROFILE or the AWS_* variables, or run where a role is available, then run npm run cost:refresh again; the catalogs are unchanged',
    );
  }
}

/** `aws pricing get-products`, every page (the CLI paginates itself; a NextToken left in the output is followed). */
const getProducts: GetProducts = (request: ProductsRequest) => {
  const filters = Object.entries(request.filters).map(([field, value]) => `Type=TERM_MATCH,Field=${field},Value=${value}`);
  const items: string[] = [];
  let token: string | undefined;
  do {
    const page = JSON.parse(
      aws(['pricing', 'get-products', '--service-code', request.serviceCode, '--format-version', 'aws_v1', '--filters', ...filters, ...(token ? ['--starting-token', token] : [])]),
    ) as {
      PriceList?: string[];
      NextToken?: string;
    };
    items.push(...(page.PriceList ?? []));
    token = page.NextToken;
  } while (token);
  return items;
};

/** The Spot Instance Advisor feed: a public JSON document (no credentials), or a saved copy. */
async function readSpotAdvisor(file: string | undefined): Promise<SpotAdvisorFeed> {
  if (file) return JSON.parse(fs.readFileSync(file, 'utf8')) as SpotAdvisorFeed;
  const response = await fetch(SPOT_ADVISOR_URL);
  if (!response.ok) throw new Error(`GET ${SPOT_ADVISOR_URL} answered ${response.status}`);
  return (await response.json()) as SpotAdvisorFeed;
}

/** `npm run cost:refresh`: the committed price catalogs from the AWS Price List API and the Spot Instance Advisor (docs/cost.md, "Refreshing it"). */
async function main(): Promise<number> {
  const { values } = parseCommandLine('cost:refresh', {
    region: { type: 'string', multiple: true },
    dir: { type: 'string' },
    'spot-advisor': { type: 'string' },
    'dry-run': { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dir = path.resolve(values.dir ?? PRICES_DIR);
  const regions =
    values.region ??
    (fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.replace(/\.json$/, ''))
          .sort()
      : []);
  const catalogs = regions.map((region) => ({ region, catalog: loadPriceCatalog(region, dir) }));
  const absent = catalogs.filter((c) => !c.catalog).map((c) => c.region);
  if (absent.length > 0 || catalogs.length === 0) {
    process.stderr.write(
      `cost:refresh: no catalog ${absent.length > 0 ? `for ${absent.join(', ')} ` : ''}in ${path.relative(process.cwd(), dir) || '.'} (a new region starts as a copy with every price missing, docs/cost.md)\n`,
    );
    return 2;
  }
  try {
    requireCredentials();
    const today = new Date().toISOString().slice(0, 10);
    let failures = 0;
    let advisor: SpotAdvisorFeed | undefined;
    let advisorError: string | undefined;
    try {
      advisor = await readSpotAdvisor(values['spot-advisor']);
    } catch (error) {
      advisorError = `the Spot Instance Advisor feed could not be read (${(error as Error).message})`;
    }
    for (const { region, catalog } of catalogs) {
      const result = refreshCatalog(catalog!, getProducts, today);
      const changed = result.refreshed.filter((r) => r.before !== r.after);
      process.stdout.write(`${region}: ${result.refreshed.length} prices from the AWS Price List API (${changed.length} changed), ${result.failed.length} left as they were\n`);
      for (const r of changed) process.stdout.write(`  ${r.key}: ${r.before === undefined ? 'not priced' : `$${r.before}`} -> $${r.after}\n`);
      for (const f of result.failed) process.stdout.write(`  ${f.key}: not refreshed: ${f.reason}\n`);
      failures += result.failed.length;
      let refreshed = result.catalog;
      if (advisor) {
        const spot = refreshSpotDiscounts(refreshed, advisor, today);
        refreshed = spot.catalog;
        process.stdout.write(`${region}: ${spot.refreshed.length} EC2 Spot families from the Spot Instance Advisor, ${spot.failed.length} types not listed\n`);
        for (const r of spot.refreshed) {
          const family = spot.catalog.spot.ec2.families[r.key.replace('spot.ec2.families.', '')];
          process.stdout.write(`  ${r.key}: ${family.minPercent}–${family.maxPercent}% off\n`);
        }
        for (const f of spot.failed) process.stdout.write(`  ${f.key}: not refreshed: ${f.reason}\n`);
        failures += spot.failed.length;
      } else {
        process.stdout.write(`  spot.ec2: not refreshed: ${advisorError}\n`);
        failures += 1;
      }
      if (!values['dry-run']) fs.writeFileSync(path.join(dir, `${region}.json`), formatCatalog(refreshed));
    }
    if (values['dry-run']) process.stdout.write('dry run: nothing written\n');
    return failures > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`cost:refresh: ${error instanceof UserError ? 'refused: ' : ''}${(error as Error).message}\n`);
    return error instanceof UserError ? 2 : 1;
  }
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('cost:refresh', main);
if (require.main === module) command();
