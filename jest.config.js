const os = require('os');

/** Unit tests run on every save; the plan project runs real Terraform and takes longer. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const setupFiles = ['<rootDir>/__tests__/helpers/jest-setup.ts'];
const setupFilesAfterEnv = ['<rootDir>/__tests__/helpers/jest-after-env.ts'];

module.exports = {
  // The plan suites mostly wait on Terraform processes, so a second worker
  // runs the unit suites meanwhile; jest's default (cores - 1) would run
  // everything in one process on a 2-core machine. See docs/bench.md.
  maxWorkers: Math.max(2, os.cpus().length - 1),
  // Once for the whole run: a private TMPDIR, which must be empty at the end
  // (the run fails otherwise). See __tests__/helpers/run-temp-dir.ts.
  globalSetup: '<rootDir>/__tests__/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/helpers/global-teardown.ts',
  // jest's own, but `--shard=k/n` (npm run test:shard) splits by each file's measured time.
  testSequencer: '<rootDir>/__tests__/helpers/shard-sequencer.cjs',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      setupFiles,
      setupFilesAfterEnv,
      // The project hooks run before the run's own globalSetup: each opens the run's temp folder first.
      globalSetup: '<rootDir>/__tests__/helpers/global-setup.ts',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/plan/', '\\.plan\\.test\\.ts$'],
    },
    {
      displayName: 'plan',
      testEnvironment: 'node',
      transform,
      setupFiles,
      setupFilesAfterEnv,
      // One terraform init before the plan suites: without a registry or a mirror, one line says what to do.
      globalSetup: '<rootDir>/__tests__/helpers/plan-preflight.ts',
      testMatch: ['<rootDir>/__tests__/plan/**/*.test.ts', '<rootDir>/__tests__/**/*.plan.test.ts'],
    },
  ],
};
