import { envoySmoke } from '../../tools/envoy/envoy-smoke';
import { runScript } from '../helpers/run-script';

const noDocker = () => ({ status: 1, stdout: '', stderr: 'Cannot connect to the Docker daemon' });

describe('npm run envoy:smoke', () => {
  test('GIVEN no Docker THEN it prints one line saying it was skipped and exits 0', () => {
    const lines: string[] = [];
    expect(envoySmoke({}, noDocker, (line) => lines.push(line))).toBe(0);
    expect(lines).toEqual(['envoy:smoke: skipped: Docker is not available (set ENVOY_SMOKE_REQUIRED=1 to make that a failure)']);
  });

  test('GIVEN no Docker and ENVOY_SMOKE_REQUIRED=1 (as the workflow sets) THEN it fails with one line', () => {
    const lines: string[] = [];
    expect(envoySmoke({ ENVOY_SMOKE_REQUIRED: '1' }, noDocker, (line) => lines.push(line))).toBe(1);
    expect(lines).toEqual(['envoy:smoke: failed: Docker is not available and ENVOY_SMOKE_REQUIRED=1']);
  });

  test('GIVEN this machine (no Docker daemon) THEN the npm script skips in one line', () => {
    const result = runScript('scripts/envoy-smoke.ts', []);
    expect(result.stdout).toMatch(/^envoy:smoke: (skipped: Docker is not available|ok: )/);
    if (result.stdout.startsWith('envoy:smoke: skipped')) {
      expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
      expect(result.status).toBe(0);
    }
  });
});
