/**
 * Jest runs in native ESM mode (Middy 7 and jose 6 are ESM-only); @swc/jest strips types,
 * `tsc --noEmit` (run first by `npm test`) does the type checking.
 *
 * Two projects: `integration` (test/integration) has a global setup that starts the local
 * Data API once per run and applies the migrations (test/support/global-setup.ts); jest runs
 * it only when a selected test belongs to that project, so unit runs stay instant.
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
  // windows, so two workers bring it to 4.3-4.6 min. A worker that ran a PGlite worker thread
  // may print "failed to exit gracefully": V8 frees the thread's memory for ~1.5 s after it
  // terminated and exit waits for that (measured; no handle is left open), while jest gives a
  // worker 0.5 s.
  maxWorkers: Math.max(2, availableParallelism() - 1),
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
