/**
 * The contract every store function is written against: something that runs one SQL statement
 * with named parameters and returns typed rows. The Data API client and a transaction both
 * implement it, so a store function never knows (or cares) whether it runs inside a transaction.
 */
import type { SqlParameters } from './params';

/** Per-statement options. */
export interface QueryOptions {
  /**
   * True when running the statement twice has the same effect as running it once, so a
   * throttling or 5xx answer (after which the statement may or may not have run) can be retried.
   * Statements that start with `SELECT` are treated as idempotent without saying so.
   */
  idempotent?: boolean;
}

/** The result of one statement: its rows (from `RETURNING` for DML) and the affected-row count. */
export interface QueryResult<T> {
  rows: T[];
  /** `numberOfRecordsUpdated`: rows changed by DML; 0 for a SELECT. */
  rowCount: number;
}

/**
 * Runs one statement. Parameters are named (`:orgId`) and always bound, never interpolated.
 */
export interface DataExecutor {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: SqlParameters,
    options?: QueryOptions,
  ): Promise<QueryResult<T>>;
  /** True for the executor handed out by `withTransaction`; nested `withTransaction` calls join it. */
  readonly inTransaction: boolean;
}

/** An executor that can also open transactions (the client itself, not a transaction). */
export interface TransactionalExecutor extends DataExecutor {
  beginTransaction(): Promise<string>;
  commitTransaction(transactionId: string): Promise<void>;
  rollbackTransaction(transactionId: string): Promise<void>;
  /** Runs one statement inside an open transaction. Callers use `withTransaction` instead. */
  queryInTransaction<T = Record<string, unknown>>(
    transactionId: string,
    sql: string,
    params?: SqlParameters,
  ): Promise<QueryResult<T>>;
}
