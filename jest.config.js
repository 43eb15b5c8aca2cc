const os = require('os');

/** Unit tests run on every save; the plan project runs real Terraform and takes longer. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const setupFiles = ['<rootDir>/__tests__/helpers/jest-setup.ts'];

module.exports = {
  // The plan suites mostly wait on Terraform processes, so a second worker
  // runs the unit suites meanwhile; jest's default (cores - 1) would run
  // everything in one process on a 2-core machine. See docs/bench.md.
  maxWorkers: Math.max(2, os.cpus().length - 1),
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      setupFiles,
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/plan/', '\\.plan\\.test\\.ts$'],
    },
    {
      displayName: 'plan',
      testEnvironment: 'node',
      transform,
      setupFiles,
      // One terraform init before the plan suites: without a registry or a mirror, one line says what to do.
      globalSetup: '<rootDir>/__tests__/helpers/plan-preflight.ts',
      testMatch: ['<rootDir>/__tests__/plan/**/*.test.ts', '<rootDir>/__tests__/**/*.plan.test.ts'],
    },
  ],
};
