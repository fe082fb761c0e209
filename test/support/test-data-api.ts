/**
 * Starting a local Data API for tests with the schema applied: used by the jest global setup
 * (the shared instances) and by {@link startPrivateDataApi} (one test file's own instance).
 */
import { fileURLToPath } from 'node:url';
import { createDataApiClient, type DataApiClient } from '../../lambdas/shared/data-api/client';
import { runMigrations } from '../../lambdas/shared/data-api/migrate';
import { loadMigrationsFromDirectory } from '../../lambdas/shared/data-api/migrations-directory';
import type { RetryOptions } from '../../lambdas/shared/data-api/retry';
import { startDataApiServer, type DataApiServer, type FaultSpec } from '../../local/data-api/server';
import { clientConfigFor, type TestDataApiEndpoint } from './data-api-env';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The PostgreSQL server of the real-database lane, or undefined for PGlite. */
export function databaseUrl(): string | undefined {
  return process.env.DATABASE_URL?.trim() || undefined;
}

export function coordinatesOf(server: DataApiServer): TestDataApiEndpoint {
  return {
    endpoint: server.url,
    resourceArn: server.resourceArn,
    secretArn: server.secretArn,
    database: server.database,
  };
}

/** An emulator on PGlite in memory or on `DATABASE_URL`, with fault injection on and the migrations applied. */
export async function startMigratedDataApi(): Promise<DataApiServer> {
  const url = databaseUrl();
  const server = await startDataApiServer({
    host: '127.0.0.1',
    port: 0,
    backend: url ? { kind: 'postgres', connectionString: url } : { kind: 'pglite' },
    faultInjection: true,
    // One line per call would bury jest's output.
    log: () => undefined,
  });
  try {
    await runMigrations(
      createDataApiClient(clientConfigFor(coordinatesOf(server))),
      await loadMigrationsFromDirectory(MIGRATIONS_DIR),
    );
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}

/** One test file's own emulator: its injected faults reach no other file. */
export interface PrivateDataApi {
  /** A client; pass a virtual retry clock to spend the retry budget without waiting. */
  db(options?: { retry?: RetryOptions }): DataApiClient;
  injectFaults(fault: FaultSpec): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/**
 * Starts an emulator for one test file (on PostgreSQL it shares the database with the others;
 * on PGlite it has its own). Start it in `beforeAll`, close it in `afterAll`.
 *
 * @example
 * let api: PrivateDataApi;
 * beforeAll(async () => { api = await startPrivateDataApi(); }, 60_000);
 * afterAll(() => api.close());
 */
export async function startPrivateDataApi(): Promise<PrivateDataApi> {
  const server = await startMigratedDataApi();
  const config = clientConfigFor(coordinatesOf(server));
  return {
    db: (options = {}) => createDataApiClient({ ...config, ...(options.retry ? { retry: options.retry } : {}) }),
    injectFaults: (fault) => server.faults.inject(fault),
    clearFaults: () => server.faults.clear(),
    close: () => server.close(),
  };
}
