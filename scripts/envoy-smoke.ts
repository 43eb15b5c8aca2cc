import { envoySmoke } from '../tools/envoy/envoy-smoke';
import { reportFailure } from '../lib/synth/report-failure';
import { parseCommandLine } from '../lib/core/command-line';

/**
 * `npm run envoy:smoke`: the pinned Envoy image validates every rendered
 * bundle and runs two of them against stubs (tools/envoy/envoy-smoke.ts).
 * Without Docker: one line saying it was skipped, exit 0, unless
 * ENVOY_SMOKE_REQUIRED=1 (then exit 1).
 */
parseCommandLine('envoy:smoke', {});
try {
  process.exitCode = envoySmoke();
} catch (error) {
  reportFailure(error, 'envoy:smoke');
  process.exitCode = 1;
}
