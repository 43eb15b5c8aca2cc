import { envoySmoke } from '../tools/envoy/envoy-smoke';
import { reportFailure } from '../lib/synth/report-failure';
import { parseCommandLine } from './support/command-line';
import { runCommandMain } from './support/command-main';

/**
 * `npm run envoy:smoke`: the pinned Envoy image validates every rendered
 * bundle and runs two of them against stubs (tools/envoy/envoy-smoke.ts).
 * Without Docker: one line saying it was skipped, exit 0, unless
 * ENVOY_SMOKE_REQUIRED=1 (then exit 1).
 */
function main(): number {
  parseCommandLine('envoy:smoke', {});
  try {
    return envoySmoke();
  } catch (error) {
    reportFailure(error, 'envoy:smoke');
    return 1;
  }
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('envoy:smoke', main);
if (require.main === module) command();
