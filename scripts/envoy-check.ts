import { checkEnvoyReport, expandEnvoyPaths } from '../tools/envoy/check-envoy-file';
import { parseCommandLine } from './support/command-line';
import { runCommandMain } from './support/command-main';

const USAGE = 'usage: npm run envoy:check -- [--strict] PATH... (Envoy bootstrap files, YAML or JSON, or directories of them)\n';

/**
 * `npm run envoy:check -- [--strict] PATH...`: checks Envoy bootstrap files
 * (YAML or JSON; directories recursively) against Envoy's v3 API the way
 * Envoy loads them, prints each file's verdict with its problems, and a
 * summary `N files, N valid, N invalid` (plus templates and warnings, when
 * any). Deprecated fields are warnings, as Envoy logs them; `--strict`
 * makes them errors, as synth does for the project's own bundles. Exit code
 * 1 if any file is invalid, 2 on a usage error.
 */
function main(): number {
  const { values, positionals: paths } = parseCommandLine('envoy:check', { strict: { type: 'boolean' } }, { allowPositionals: true });
  const strict = values.strict === true;
  if (paths.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { files, empty } = expandEnvoyPaths(paths);
  let invalid = empty.length;
  let templates = 0;
  let warned = 0;
  for (const dir of empty) process.stdout.write(`${dir}: invalid\n  ${dir}: directory holds no .yaml, .yml or .json file\n`);
  for (const file of files) {
    const report = checkEnvoyReport(file, { strict });
    if (report.status === 'invalid') invalid++;
    if (report.status === 'template') templates++;
    if (report.warnings.length > 0) warned++;
    const verdict = report.status === 'template' ? `template, not checked: ${report.note}` : report.status;
    const lines = [...report.errors, ...report.warnings.map((warning) => `warning: ${warning}`)];
    process.stdout.write(`${file}: ${verdict}\n${lines.map((line) => `  ${line}\n`).join('')}`);
  }
  const total = files.length + empty.length;
  const extra = [templates > 0 ? `${templates} templates` : '', warned > 0 ? `${warned} with warnings` : ''].filter(Boolean);
  process.stdout.write(`${total} files, ${total - invalid - templates} valid, ${invalid} invalid${extra.map((e) => `, ${e}`).join('')}\n`);
  return invalid > 0 ? 1 : 0;
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('envoy:check', main);
if (require.main === module) command();
