/**
 * The service's statement timeout: a call whose statement runs longer than the limit (45 s on
 * AWS) is answered with `StatementTimeoutException` at the limit. The statement itself goes on
 * to its end when the call set `continueAfterTimeout`; otherwise it is cancelled.
 * The clock starts once the statement has its session, not while it waits for one.
 */
import type { Session } from './backend';
import { DataApiError } from './errors';

/** Starts the clock for a statement on `session`; returns the function that stops it. */
export type Watch = (session: Session) => () => void;

/**
 * Runs `work`, answering `StatementTimeoutException` if the statement it watches outlives
 * `timeoutMs`; the work itself is never abandoned (it keeps its session until it ends).
 *
 * @example
 * await withStatementTimeout(45_000, false, (watch) =>
 *   backend.autocommit({ database: undefined, role: null }, async (session) => {
 *     const stop = watch(session);
 *     try { return await run(session); } finally { stop(); }
 *   }),
 * );
 */
export async function withStatementTimeout<T>(
  timeoutMs: number,
  continueAfterTimeout: boolean,
  work: (watch: Watch) => Promise<T>,
): Promise<T> {
  let expire: (error: DataApiError) => void = () => undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    expire = reject;
  });
  const watch: Watch = (session) => {
    const timer = setTimeout(() => {
      if (!continueAfterTimeout) void session.cancel?.().catch(() => undefined);
      expire(
        new DataApiError(
          'StatementTimeoutException',
          `The statement timed out after ${timeoutMs / 1000} seconds.` +
            (continueAfterTimeout ? ' It continues to run (continueAfterTimeout).' : ''),
        ),
      );
    }, timeoutMs);
    return () => clearTimeout(timer);
  };
  const running = work(watch);
  // Once the deadline has answered the caller, the work's own outcome has no one to go to.
  running.catch(() => undefined);
  return Promise.race([running, expired]);
}
