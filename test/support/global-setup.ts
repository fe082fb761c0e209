/**
 * Jest global setup of the database project: one PostgreSQL server per jest run (the embedded
 * PostgreSQL 17 in a temporary folder, or the server of `DATABASE_URL` when set), a template
 * database with the migrations applied through the same runner the deploy uses, and the two
 * shared Data API emulators (see `data-api-env.ts`). Each test file then gets its own copy of
 * the template (file-database.ts).
 *
 * A run killed with `kill -9` leaves its server running; the next run stops it and removes its
 * folder (`intello-test-postgres-*` in the temporary directory whose owner process is dead).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDataApiClient } from '../../lambdas/shared/data-api/client';
import { runMigrations } from '../../lambdas/shared/data-api/migrate';
import { loadMigrationsFromDirectory } from '../../lambdas/shared/data-api/migrations-directory';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../local/data-api/embedded-postgres';
import { createDatabaseIfMissing } from '../../local/data-api/local-database';
import { isAlive, stopOrphan } from '../../local/data-api/postgres-owner';
import { type DataApiServer, startDataApiServer } from '../../local/data-api/server';
import {
  clientConfigFor,
  databaseUrl,
  publishEndpoint,
  SERVER_URL_ENV,
  TEMPLATE_ENV,
  type TestDataApiEndpoint,
} from './data-api-env';

/** Read by global-teardown.ts: jest shares globals between the two hooks only. */
export const RUN_KEY = '__intelloTestDatabaseRun';

/** What the teardown stops. */
export interface TestDatabaseRun {
  emulators: DataApiServer[];
  embedded: EmbeddedPostgres | undefined;
  dir: string | undefined;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));
const DIR_PREFIX = 'intello-test-postgres-';

export default async function globalSetup(): Promise<void> {
  const run: TestDatabaseRun = { emulators: [], embedded: undefined, dir: undefined };
  (globalThis as Record<string, unknown>)[RUN_KEY] = run;
  let serverUrl = process.env.DATABASE_URL?.trim() || undefined;
  if (!serverUrl) {
    await removeAbandonedServers();
    run.dir = mkdtempSync(path.join(tmpdir(), DIR_PREFIX));
    // Two workers, each file's pools on two emulators, and the e2e stacks' own.
    run.embedded = await startEmbeddedPostgres({
      dir: run.dir,
      durable: false,
      settings: { max_connections: '400' },
    });
    serverUrl = run.embedded.url();
  }
  const template = `intello_template_${randomBytes(4).toString('hex')}`;
  await createDatabaseIfMissing(serverUrl, template);
  await migrate(databaseUrl(serverUrl, template));
  // Calls that name no database land on the server's `postgres` database; the tests name theirs.
  for (const faultInjection of [false, true]) {
    run.emulators.push(await startDataApiServer({ connectionString: serverUrl, faultInjection, log: () => undefined }));
  }
  const [main, faulty] = run.emulators as [DataApiServer, DataApiServer];
  process.env[SERVER_URL_ENV] = serverUrl;
  process.env[TEMPLATE_ENV] = template;
  publishEndpoint('main', coordinatesOf(main));
  publishEndpoint('faulty', coordinatesOf(faulty));
}

function coordinatesOf(server: DataApiServer): TestDataApiEndpoint {
  return { endpoint: server.url, resourceArn: server.resourceArn, secretArn: server.secretArn };
}

/** Applies the migrations through a short-lived emulator, closed so that no session stays on the template. */
async function migrate(connectionString: string): Promise<void> {
  const server = await startDataApiServer({ connectionString, log: () => undefined });
  try {
    await runMigrations(
      createDataApiClient(clientConfigFor(coordinatesOf(server), server.database)),
      await loadMigrationsFromDirectory(MIGRATIONS_DIR),
    );
  } finally {
    await server.close();
  }
}

/** Stops the servers of earlier runs that died without their teardown, and removes their folders. */
async function removeAbandonedServers(): Promise<void> {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(DIR_PREFIX)) continue;
    const dir = path.join(tmpdir(), entry);
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(path.join(dir, 'owner.pid'), 'utf8').trim());
    } catch {
      // A run that died before its server started, or one starting right now (hence the age check).
      if (Date.now() - statSync(dir).mtimeMs < 60_000) continue;
    }
    if (Number.isInteger(owner) && isAlive(owner)) continue;
    await stopOrphan(path.join(dir, 'data')).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
