/**
 * Jest runs in native ESM mode (Middy 7 and jose 6 are ESM-only); @swc/jest strips types,
 * `tsc --noEmit` (run first by `npm test`) does the type checking.
 *
 * Two projects: `integration` (test/integration) has a global setup that starts the local
 * Data API once per run and applies the migrations (test/support/global-setup.ts); jest runs
 * it only when a selected test belongs to that project, so unit runs stay instant.
 */
const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { target: 'es2024', parser: { syntax: 'typescript' } },
        module: { type: 'es6' },
      },
    ],
  },
  testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '/test/reliability/slow/'],
  testTimeout: 30000,
};

export default {
  testTimeout: 30000,
  projects: [
    {
      ...base,
      displayName: 'default',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: [...base.testPathIgnorePatterns, '<rootDir>/test/integration/'],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
