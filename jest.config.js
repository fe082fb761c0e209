/**
 * Jest runs in native ESM mode (Middy 7 and jose 6 are ESM-only); @swc/jest strips types,
 * `tsc --noEmit` (run first by `npm test`) does the type checking.
 *
 * Two projects. `database` (test/integration, test/e2e, test/reliability) has a global setup
 * that starts one PostgreSQL server per run with a migrated template database and the shared
 * Data API emulators (test/support/global-setup.ts), and gives every test file a fresh copy of
 * the template (test/support/file-database.ts). Jest runs a project's global setup only when a
 * selected test belongs to it, so `unit` runs (test/unit, test/infra) stay instant.
 */
import { availableParallelism } from 'node:os';

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
  // Jest's default is one worker fewer than the cores: on a 2-core machine the suite ran serially
  // (6.5-8 min). Most of its time is spent waiting on local stacks, paced requests and retry
  // windows, and every file has its own database, so one worker more than the cores keeps them
  // busy: on the 2-core machine, side by side, 3 workers ran the suite in 145 s, 2 in 182 s.
  maxWorkers: availableParallelism() + 1,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/infra/**/*.test.ts'],
    },
    {
      ...base,
      displayName: 'database',
      testMatch: [
        '<rootDir>/test/integration/**/*.test.ts',
        '<rootDir>/test/e2e/**/*.test.ts',
        '<rootDir>/test/reliability/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/file-database.ts'],
    },
  ],
};
