/** Unit tests run on every save; the plan project runs real Terraform and takes longer. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/plan/', '\\.plan\\.test\\.ts$'],
    },
    {
      displayName: 'plan',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/__tests__/plan/**/*.test.ts', '<rootDir>/__tests__/**/*.plan.test.ts'],
    },
  ],
};
