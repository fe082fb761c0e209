/**
 * Jest global setup for the integration project: starts the local Data API once per jest run,
 * applies the migrations through the same runner the deploy uses, and publishes the endpoints
 * to test workers as environment variables (see `data-api-env.ts`).
 *
 * Backend: PGlite in memory by default; the PostgreSQL server at `DATABASE_URL` when it is set
 * (the real-PostgreSQL CI lane). Two emulators: `main`, and `faulty` with fault injection for
 * tests that make the service fail, so injected faults never reach another test file's calls.
 * When `TEST_DATA_API_ENDPOINT` and `TEST_FAULTY_DATA_API_ENDPOINT` are already set (an emulator
 * you started yourself), nothing is started.
 */
import { fileURLToPath } from 'node:url';
import { createDataApiClient } from '../../lambdas/shared/data-api/client';
import { runMigrations } from '../../lambdas/shared/data-api/migrate';
import { loadMigrationsFromDirectory } from '../../lambdas/shared/data-api/migrations-directory';
import { startDataApiServer } from '../../local/data-api/server';
import { BACKEND_ENV, clientConfigFor, publishEndpoint, readEndpoint, type TestDataApiEndpoint } from './data-api-env';

type Server = Awaited<ReturnType<typeof startDataApiServer>>;

/** Read by global-teardown.ts: jest shares globals between the two hooks only. */
export const SERVERS_KEY = '__intelloTestDataApiServers';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

async function start(databaseUrl: string | undefined): Promise<Server> {
  return startDataApiServer({
    host: '127.0.0.1',
    port: 0,
    backend: databaseUrl ? { kind: 'postgres', connectionString: databaseUrl } : { kind: 'pglite' },
    faultInjection: true,
    // One line per call would bury jest's output.
    log: () => undefined,
  });
}

function coordinates(server: Server): TestDataApiEndpoint {
  return { endpoint: server.url, resourceArn: server.resourceArn, secretArn: server.secretArn, database: server.database };
}

async function migrate(endpoint: TestDataApiEndpoint): Promise<void> {
  await runMigrations(createDataApiClient(clientConfigFor(endpoint)), await loadMigrationsFromDirectory(MIGRATIONS_DIR));
}

export default async function globalSetup(): Promise<void> {
  if (readEndpoint('main') && readEndpoint('faulty')) return;
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  process.env[BACKEND_ENV] = databaseUrl ? 'postgres' : 'pglite';
  const servers = await Promise.all([start(databaseUrl), start(databaseUrl)]);
  (globalThis as Record<string, unknown>)[SERVERS_KEY] = servers;
  const [main, faulty] = servers.map(coordinates) as [TestDataApiEndpoint, TestDataApiEndpoint];
  // On PostgreSQL both share one database and the second run finds everything applied.
  await migrate(main);
  await migrate(faulty);
  publishEndpoint('main', main);
  publishEndpoint('faulty', faulty);
}
