/**
 * The test workers' way to the local Data API started by the global setup (see
 * `global-setup.ts`), on the test file's own database (file-database.ts): tests of one file
 * share it, other files never see its rows.
 */
import { createDataApiClient, type DataApiClient } from '../../lambdas/shared/data-api/client';
import type { RetryOptions } from '../../lambdas/shared/data-api/retry';
import { clientConfigFor, readEndpoint, type TestDataApiName } from './data-api-env';
import { fileDatabase } from './test-data-api';

function endpointOf(name: TestDataApiName) {
  const endpoint = readEndpoint(name);
  if (!endpoint) {
    throw new Error('The local Data API is not running: run these tests through jest, whose global setup starts it');
  }
  return endpoint;
}

/**
 * A Data API client connected to the test database, through the real SDK and HTTP.
 *
 * @example
 * const db = testDb();
 * const { user, org } = await syncUser(db, { userId: randomUUID(), email: 'ada@example.com' });
 */
export function testDb(options: { retry?: RetryOptions } = {}): DataApiClient {
  return createDataApiClient({
    ...clientConfigFor(endpointOf('main'), fileDatabase().name),
    ...(options.retry ? { retry: options.retry } : {}),
  });
}

/**
 * A client for the shared fault-injection emulator (the same database as {@link testDb}). Use it with {@link injectFaults} and always {@link clearFaults} afterwards. Its
 * faults reach every file that uses it, which may run at the same time: a file that injects
 * faults is better served by its own `startPrivateDataApi()` (test-data-api.ts).
 */
export function faultyDb(options: { retry?: RetryOptions } = {}): DataApiClient {
  return createDataApiClient({
    ...clientConfigFor(endpointOf('faulty'), fileDatabase().name),
    ...(options.retry ? { retry: options.retry } : {}),
  });
}

export type InjectableFault =
  | 'DatabaseResumingException'
  | 'ThrottlingException'
  | 'ServiceUnavailableError'
  | 'InternalServerErrorException'
  | 'DatabaseUnavailableException';

/** Makes the fault-injection emulator fail its next `count` calls (or all calls for `forMs`). */
export async function injectFaults(fault: { error: InjectableFault; count?: number; forMs?: number }): Promise<void> {
  const res = await fetch(new URL('/_local/faults', endpointOf('faulty').endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (!res.ok) throw new Error(`fault injection refused: ${res.status} ${await res.text()}`);
}

/** Stops every injected fault. */
export async function clearFaults(): Promise<void> {
  const res = await fetch(new URL('/_local/faults', endpointOf('faulty').endpoint), { method: 'DELETE' });
  if (!res.ok) throw new Error(`clearing faults failed: ${res.status}`);
}
