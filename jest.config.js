/**
 * Jest runs in native ESM mode (Middy 7 and jose 6 are ESM-only); @swc/jest strips types,
 * `tsc --noEmit` (run first by `npm test`) does the type checking.
 */
export default {
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
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '/test/reliability/slow/'],
  testTimeout: 30000,
};
