/**
 * A test file's own Data API emulator, on the file's database (file-database.ts): its injected
 * faults reach no other file.
 */
import { createDataApiClient, type DataApiClient } from '../../lambdas/shared/data-api/client';
import type { RetryOptions } from '../../lambdas/shared/data-api/retry';
import { startDataApiServer, type FaultSpec } from '../../local/data-api/server';
import { clientConfigFor, databaseUrl, FILE_DATABASE_ENV, SERVER_URL_ENV } from './data-api-env';

/** This test file's database (migrated, its own) and the server it is on. */
export function fileDatabase(): { name: string; serverUrl: string; url: string } {
  const name = process.env[FILE_DATABASE_ENV];
  const serverUrl = process.env[SERVER_URL_ENV];
  if (!name || !serverUrl) {
    throw new Error(
      'No test database: run this file through jest, whose global setup starts the server (test/support/global-setup.ts)',
    );
  }
  return { name, serverUrl, url: databaseUrl(serverUrl, name) };
}

/** One test file's own emulator. */
export interface PrivateDataApi {
  /** A client; pass a virtual retry clock to spend the retry budget without waiting. */
  db(options?: { retry?: RetryOptions }): DataApiClient;
  injectFaults(fault: FaultSpec): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/**
 * Starts an emulator for one test file, on the file's database. Start it in `beforeAll`, close
 * it in `afterAll`.
 *
 * @example
 * let api: PrivateDataApi;
 * beforeAll(async () => { api = await startPrivateDataApi(); }, 60_000);
 * afterAll(() => api.close());
 */
export async function startPrivateDataApi(): Promise<PrivateDataApi> {
  const server = await startDataApiServer({ connectionString: fileDatabase().url, log: () => undefined });
  const config = clientConfigFor(
    { endpoint: server.url, resourceArn: server.resourceArn, secretArn: server.secretArn },
    server.database,
  );
  return {
    db: (options = {}) => createDataApiClient({ ...config, ...(options.retry ? { retry: options.retry } : {}) }),
    injectFaults: (fault) => server.faults.inject(fault),
    clearFaults: () => server.faults.clear(),
    close: () => server.close(),
  };
}
