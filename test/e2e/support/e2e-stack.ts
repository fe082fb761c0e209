/**
 * The local stack for the end-to-end tests: `startLocalStack` exactly as `npm start` runs it, on
 * free ports, with its own temporary `LOCAL_DIR`, synthesized into the project's `cdk.out/` (the
 * folder `npm start` uses, so the fingerprinted synth is shared and reused across runs; the synth
 * lock keeps two processes from synthesizing into it at once).
 *
 * The database is the test file's own (test/support/file-database.ts): the migrated copy on the
 * run's one PostgreSQL server, passed as `DATABASE_URL`, so a stack starts without an initdb and
 * its migrations find everything applied.
 *
 * One difference from `npm start`, made through the stack's function-environment override and
 * not in any Lambda's code: `AUTH_CLOCK_SKEW_SECONDS` is 1, so a token's expiry can be observed
 * within seconds instead of after the 30 s production leeway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../lib/lambda-function';
import { loadLocalConfig } from '../../../local/config';
import { startLocalStack, type LocalStack } from '../../../local/stack';
import { fileDatabase } from '../../support/test-data-api';

/** The leeway the stack's functions apply to `exp` in these tests. */
export const E2E_CLOCK_SKEW_SECONDS = 1;

/** A cold synth takes ~2 min on a loaded 2-core machine. */
export const E2E_START_TIMEOUT_MS = 6 * 60_000;

export interface E2eStack extends LocalStack {
  localDir: string;
  /** Closes the stack and removes its temporary directory. */
  stop(): Promise<void>;
}

/**
 * The environment of a test stack: every port free, its own local directory, the shared synth.
 *
 * @example
 * const config = loadLocalConfig(e2eStackEnv(mkdtempSync(path.join(tmpdir(), 'x-'))));
 */
export function e2eStackEnv(localDir: string): Record<string, string> {
  return {
    LOCAL_API_PORT: '0',
    LOCAL_INTERNAL_API_PORT: '0',
    LOCAL_EXAMPLE_API_PORT: '0',
    LOCAL_AUTH_PORT: '0',
    LOCAL_DATA_API_PORT: '0',
    LOCAL_DIR: localDir,
    LOCAL_CDK_OUT: process.env.LOCAL_CDK_OUT || path.join(PROJECT_ROOT, 'cdk.out'),
  };
}

/**
 * Starts the stack for one test file.
 *
 * @example
 * const stack = await startE2eStack();
 * await fetch(`${stack.endpoints.publicApiUrl}/health`);
 * await stack.stop();
 */
export async function startE2eStack(options: { accessTokenTtlSeconds?: number } = {}): Promise<E2eStack> {
  const localDir = mkdtempSync(path.join(tmpdir(), 'intello-e2e-'));
  const config = loadLocalConfig(
    {
      ...e2eStackEnv(localDir),
      DATABASE_URL: fileDatabase().url,
      LOCAL_ACCESS_TOKEN_TTL:
        options.accessTokenTtlSeconds === undefined ? undefined : String(options.accessTokenTtlSeconds),
    },
    [],
  );
  config.functionEnvironment = { AUTH_CLOCK_SKEW_SECONDS: String(E2E_CLOCK_SKEW_SECONDS) };
  let stack: LocalStack;
  try {
    stack = await startLocalStack(config);
  } catch (error) {
    rmSync(localDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...stack,
    localDir,
    async stop() {
      await stack.close();
      rmSync(localDir, { recursive: true, force: true });
    },
  };
}
