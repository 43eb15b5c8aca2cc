import { checkEnvoyFile } from '../tools/envoy/check-envoy-file';
import { reportFailure } from '../lib/synth/report-failure';

/**
 * `npm run envoy:check -- FILE...`: checks Envoy bootstrap files (YAML or
 * JSON) against Envoy's v3 API, prints each file's problems and a summary
 * `N files, N valid, N invalid`. Exit code 1 if any file is invalid, 2 when
 * no file is given.
 */
function main(files: string[]): number {
  if (files.length === 0) {
    process.stderr.write('usage: npm run envoy:check -- FILE... (Envoy bootstrap files, YAML or JSON)\n');
    return 2;
  }
  let invalid = 0;
  for (const file of files) {
    const problems = checkEnvoyFile(file);
    if (problems.length > 0) invalid++;
    process.stdout.write(problems.length === 0 ? `${file}: valid\n` : `${file}: invalid\n${problems.map((line) => `  ${line}\n`).join('')}`);
  }
  process.stdout.write(`${files.length} files, ${files.length - invalid} valid, ${invalid} invalid\n`);
  return invalid > 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  reportFailure(error, 'envoy:check');
  process.exitCode = 1;
}
