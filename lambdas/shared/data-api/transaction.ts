/**
 * `withTransaction`: the one way to run several statements atomically. On Aurora a second call
 * inside one transaction while the first still runs is rejected ("Transaction is still running
 * a query"), so the transaction's executor queues calls and sends them one at a time: even a
 * `Promise.all` over one transaction is safe.
 */
import { ApiError } from '../api-error';
import type { SqlParameters } from './params';
import type { DataExecutor, QueryResult, TransactionalExecutor } from './types';

function isTransactional(db: DataExecutor): db is TransactionalExecutor {
  return typeof (db as Partial<TransactionalExecutor>).beginTransaction === 'function';
}

class TransactionExecutor implements DataExecutor {
  readonly inTransaction = true;
  private tail: Promise<unknown> = Promise.resolve();
  private finished = false;

  constructor(
    private readonly db: TransactionalExecutor,
    readonly transactionId: string,
  ) {}

  query<T>(sql: string, params?: SqlParameters): Promise<QueryResult<T>> {
    if (this.finished) {
      return Promise.reject(
        new ApiError('internal_error', 'internal error', { cause: new Error('query after the transaction ended') }),
      );
    }
    const run = () => this.db.queryInTransaction<T>(this.transactionId, sql, params);
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Waits for queued calls (a caller may have left one un-awaited) and refuses any later one. */
  async finish(): Promise<void> {
    this.finished = true;
    await this.tail;
  }
}

/**
 * Runs `fn` in a transaction: commits when it resolves, rolls back when it throws (and rethrows).
 * Called with an executor that is already a transaction, it joins that transaction.
 *
 * @example
 * const spec = await withTransaction(db, async (tx) => {
 *   await tx.query('SELECT 1 FROM orgs WHERE id = :orgId FOR UPDATE', { orgId: uuid(orgId) });
 *   return createSpec(tx, { orgId, createdBy, name });
 * });
 */
export async function withTransaction<T>(db: DataExecutor, fn: (tx: DataExecutor) => Promise<T>): Promise<T> {
  if (db.inTransaction) return fn(db);
  if (!isTransactional(db))
    throw new ApiError('internal_error', 'internal error', { cause: new Error('executor cannot open transactions') });
  const transactionId = await db.beginTransaction();
  const tx = new TransactionExecutor(db, transactionId);
  let result: T;
  try {
    result = await fn(tx);
    await tx.finish();
  } catch (error) {
    await tx.finish();
    // After a SQL error Aurora has already ended the transaction, so a failed rollback is expected.
    await db.rollbackTransaction(transactionId).catch(() => undefined);
    throw error;
  }
  try {
    await db.commitTransaction(transactionId);
  } catch (error) {
    // A refused commit (throttled, 5xx) may leave the transaction open, holding its locks until
    // the Data API's 3-minute idle timeout; roll it back. If the commit did happen and only its
    // answer was lost, the rollback finds no transaction and fails, which changes nothing.
    await db.rollbackTransaction(transactionId).catch(() => undefined);
    throw error;
  }
  return result;
}
