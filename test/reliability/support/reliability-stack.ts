/**
 * The local stack for the reliability tests: `startLocalStack` exactly as `npm start` runs it, with
 * its own temporary `LOCAL_DIR`, free ports, and its own synth folder guarded by a lock (several
 * test files, and other people's runs, synthesize at the same time). Each stack gets a database
 * of its own, so the invariant checks see only the rows this run wrote: under jest the test
 * file's (test/support/file-database.ts); in the slow run (`npm run test:reliability`) the stack's
 * own embedded PostgreSQL, as `npm start` runs it, or a fresh database on the server of
 * `DATABASE_URL` when set, dropped when the stack closes.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type LocalConfig, loadLocalConfig } from '../../../local/config';
import { localSynthContext, startLocalStack, type LocalStack } from '../../../local/stack';
import { synthesizeLocalExclusive } from '../../../local/synth';
import { PROJECT_ROOT } from '../../../lib/lambda-function';
import { FILE_DATABASE_ENV, SERVER_URL_ENV } from '../../support/data-api-env';
import { fileDatabase } from '../../support/test-data-api';

/** The synth folder of the reliability runs (fingerprinted and reused while the code is unchanged). */
export const RELIABILITY_CDK_OUT = path.join(PROJECT_ROOT, '.local', 'cdk.out.reliability');

/** Several reliability files may synthesize at once, and a cold synth takes minutes on a loaded machine. */
const SYNTH_WAIT_MS = 15 * 60_000;

/**
 * Synthesizes (or reuses) the app in {@link RELIABILITY_CDK_OUT}, one process at a time (the local
 * stack's lock), with the context the stack itself synthesizes with: with another, the stack's
 * synth started over in the same folder, and CDK's process-wide asset cache then skipped staging
 * the bundles it had staged into the folder just deleted (every function failed to load).
 */
export async function synthesizeForReliability(config: LocalConfig): Promise<void> {
  await synthesizeLocalExclusive({
    outdir: RELIABILITY_CDK_OUT,
    waitMs: SYNTH_WAIT_MS,
    context: localSynthContext(config),
  });
}

/** A fresh database on the `DATABASE_URL` server; `drop()` removes it (connections closed first). */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates a database named for this process on the server of `serverUrl`.
 *
 * @example
 * const db = await createScratchDatabase(process.env.DATABASE_URL!);
 */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `intello_reliability_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface ReliabilityStack extends LocalStack {
  /** The stack's database, for direct queries (pg_stat_activity). */
  databaseUrl: string;
}

/**
 * Starts the whole local stack for one test file or run. Close it in `afterAll`.
 *
 * @example
 * const stack = await startReliabilityStack();
 * await fetch(`${stack.endpoints.publicApiUrl}/health`);
 * await stack.close();
 */
export async function startReliabilityStack(
  env: Record<string, string | undefined> = process.env,
): Promise<ReliabilityStack> {
  const fileDatabaseUrl = env[FILE_DATABASE_ENV] && env[SERVER_URL_ENV] ? fileDatabase().url : undefined;
  const serverUrl = fileDatabaseUrl ? undefined : env.DATABASE_URL?.trim() || undefined;
  const scratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
  const databaseUrl = fileDatabaseUrl ?? scratch?.url;
  const localDir = mkdtempSync(path.join(tmpdir(), 'intello-reliability-'));
  // Searchable by the postgres user the embedded server runs as when we are root.
  chmodSync(localDir, 0o711);
  const config = loadLocalConfig({
    LOCAL_DIR: localDir,
    LOCAL_CDK_OUT: RELIABILITY_CDK_OUT,
    LOCAL_API_PORT: '0',
    LOCAL_INTERNAL_API_PORT: '0',
    LOCAL_EXAMPLE_API_PORT: '0',
    LOCAL_AUTH_PORT: '0',
    LOCAL_DATA_API_PORT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  let stack: LocalStack;
  try {
    await synthesizeForReliability(config);
    stack = await startLocalStack(config);
  } catch (error) {
    await scratch?.drop().catch(() => undefined);
    rmSync(localDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...stack,
    databaseUrl: stack.database.connectionString,
    async close() {
      await stack.close();
      await scratch?.drop().catch(() => undefined);
      rmSync(localDir, { recursive: true, force: true });
    },
  };
}
