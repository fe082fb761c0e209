/**
 * Jest global setup for the integration project: starts the local Data API once per jest run,
 * applies the migrations through the same runner the deploy uses, and publishes the endpoints
 * to test workers as environment variables (see `data-api-env.ts`).
 *
 * Backend: PGlite in memory by default; the PostgreSQL server at `DATABASE_URL` when it is set
 * (the real-PostgreSQL CI lane). Two emulators: `main`, and `faulty`, whose injected faults reach
 * every file that uses it through `faultyDb()`: a file that injects faults while another file may
 * do the same should start its own with `startPrivateDataApi()` (test-data-api.ts).
 * When `TEST_DATA_API_ENDPOINT` and `TEST_FAULTY_DATA_API_ENDPOINT` are already set (an emulator
 * you started yourself), nothing is started.
 */
import type { DataApiServer } from '../../local/data-api/server';
import { BACKEND_ENV, publishEndpoint, readEndpoint } from './data-api-env';
import { coordinatesOf, databaseUrl, startMigratedDataApi } from './test-data-api';

/** Read by global-teardown.ts: jest shares globals between the two hooks only. */
export const SERVERS_KEY = '__intelloTestDataApiServers';

export default async function globalSetup(): Promise<void> {
  if (readEndpoint('main') && readEndpoint('faulty')) return;
  process.env[BACKEND_ENV] = databaseUrl() ? 'postgres' : 'pglite';
  // Concurrently: on PostgreSQL both migrate one database, and the runner's lock makes one wait.
  const started = await Promise.allSettled([startMigratedDataApi(), startMigratedDataApi()]);
  const servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = started.find((r) => r.status === 'rejected');
  if (failure) {
    await Promise.all(servers.map((s) => s.close()));
    throw failure.reason;
  }
  const [main, faulty] = servers as [DataApiServer, DataApiServer];
  (globalThis as Record<string, unknown>)[SERVERS_KEY] = servers;
  publishEndpoint('main', coordinatesOf(main));
  publishEndpoint('faulty', coordinatesOf(faulty));
}
