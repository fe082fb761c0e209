/**
 * The embedded backend: PGlite (PostgreSQL 17 in WebAssembly) in a worker thread, given to one
 * holder at a time through a {@link Lane}.
 */
import { Worker } from 'node:worker_threads';
import type { Backend, RawResult, Session, TransactionSession } from './backend';
import { SESSION_SETTINGS } from './backend';
import { DataApiError } from './errors';
import { Lane } from './lane';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** How long a call waits for PGlite's only session before failing, as the service's 45 s statement timeout. */
export const DEFAULT_SESSION_WAIT_MS = 45_000;

/**
 * Starts PGlite in a worker; `dataDir` persists the database (created on first use), without
 * it the database lives in memory. A call that waits `sessionWaitMs` for the session (held by
 * an open transaction) fails with `StatementTimeoutException` instead of hanging.
 *
 * @example
 * const backend = await createPgliteBackend({ dataDir: '.local/pglite' });
 */
export async function createPgliteBackend(
  options: { dataDir?: string; sessionWaitMs?: number } = {},
): Promise<Backend> {
  const worker = new Worker(new URL('./pglite-worker.ts', import.meta.url), {
    workerData: { dataDir: options.dataDir, settings: SESSION_SETTINGS },
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: Error | undefined;

  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`PGlite worker exited with code ${code} while starting`)));
  });
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  worker.on('message', (message: { id: number; result?: unknown; error?: unknown }) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(message.error);
    else waiter.resolve(message.result);
  });
  const failAll = (error: Error) => {
    failure = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`PGlite worker exited with code ${code}`)));

  const call = (message: Record<string, unknown>): Promise<unknown> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  };
  const session: Session = {
    query: (sql, values = [], types = []) => call({ sql, values, types }) as Promise<RawResult>,
  };
  const lane = new Lane();
  const waitMs = options.sessionWaitMs ?? DEFAULT_SESSION_WAIT_MS;
  const busy = () =>
    new DataApiError(
      'StatementTimeoutException',
      `Timed out after ${waitMs} ms waiting for PGlite's only session: another Data API transaction kept it. ` +
        'The local Data API runs one transaction at a time on PGlite (see docs/DATA.md); ' +
        'a call made outside a transaction while that same client holds one open waits for it.',
    );
  const acquire = () => lane.acquire(waitMs, busy);

  return {
    kind: 'pglite',
    async autocommit(work) {
      const release = await acquire();
      try {
        return await work(session);
      } finally {
        release();
      }
    },
    async begin(): Promise<TransactionSession> {
      const release = await acquire();
      try {
        await session.query('BEGIN');
      } catch (error) {
        release();
        throw error;
      }
      // WebAssembly cannot be interrupted: a transaction whose statement AWS would have cancelled
      // (timeout without continueAfterTimeout) fails once the statement ends, which aborts it.
      let cancelled = false;
      return {
        async query(sql, values, types) {
          const result = await session.query(sql, values, types);
          if (cancelled && sql !== 'ROLLBACK')
            throw { code: '57014', message: 'canceling statement due to user request' };
          return result;
        },
        async cancel() {
          cancelled = true;
        },
        release: async () => release(),
      };
    },
    async close() {
      if (!failure) await call({ close: true });
      await worker.terminate();
    },
  };
}
