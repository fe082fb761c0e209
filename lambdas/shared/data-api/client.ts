/**
 * The typed Data API client: `ExecuteStatement` and the three transaction calls over one
 * module-scope `RDSDataClient`, with named parameters, typed rows, the retry policy and errors
 * mapped to `ApiError`s. Locally `endpoint` points at the emulator; in AWS it is unset.
 */
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
  type ExecuteStatementCommandInput,
  type RDSDataClientConfig,
} from '@aws-sdk/client-rds-data';
import { toApiError } from './errors';
import { SqlParameterError, toSqlParameters, type SqlParameters } from './params';
import { decodeRecords } from './records';
import { withRetries, type RetryOptions } from './retry';
import { namedPlaceholders } from './sql-scan';
import type { QueryOptions, QueryResult, TransactionalExecutor } from './types';

/** Where the database is and how to reach it. */
export interface DataApiConfig {
  region: string;
  /** Cluster ARN. */
  resourceArn: string;
  /** Secrets Manager ARN of the database credentials. */
  secretArn: string;
  database: string;
  /** Set only for the local emulator (e.g. `http://127.0.0.1:4510`). */
  endpoint?: string;
  /** Only for the local emulator, which accepts any signature; in AWS the default chain is used. */
  credentials?: RDSDataClientConfig['credentials'];
  retry?: RetryOptions;
}

/** The narrow part of `RDSDataClient` used here; tests may pass a stub to provoke SDK faults. */
export interface DataApiSender {
  send(command: unknown): Promise<unknown>;
}

/** The client: an executor that can also open transactions. */
export type DataApiClient = TransactionalExecutor;

const sdkClients = new Map<string, RDSDataClient>();

/** One SDK client per region and endpoint, kept for the life of the Lambda container. */
function sdkClientFor(config: DataApiConfig): RDSDataClient {
  const key = `${config.region}|${config.endpoint ?? ''}|${config.credentials ? 'static' : ''}`;
  let client = sdkClients.get(key);
  if (!client) {
    client = new RDSDataClient({
      region: config.region,
      // Our retry policy is the only one: the SDK would otherwise repeat writes after a 5xx.
      maxAttempts: 1,
      // Resolve each command's middleware stack once, not on every send: the per-call resolution
      // (concat, sort, wrap of ~30 middlewares) was about half of the SDK's own CPU per call
      // (docs/PERFORMANCE.md, "The Data API path"). No command here adds middleware of its own.
      cacheMiddleware: true,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
    });
    sdkClients.set(key, client);
  }
  return client;
}

function checkPlaceholders(sql: string, params: SqlParameters): void {
  const used = namedPlaceholders(sql);
  const given = Object.keys(params);
  const missing = used.filter((n) => !(n in params));
  const unused = given.filter((n) => !used.includes(n));
  if (missing.length > 0) throw new SqlParameterError(`missing parameters: ${missing.join(', ')}`);
  if (unused.length > 0) throw new SqlParameterError(`parameters not used by the statement: ${unused.join(', ')}`);
}

/** A statement that only reads may be repeated after a throttling or 5xx answer. */
function readsOnly(sql: string): boolean {
  return /^\s*(\(\s*)*select\b/i.test(sql.replace(/^\s*--[^\n]*\n/g, ''));
}

/**
 * A client for one database.
 *
 * @example
 * const db = createDataApiClient({ region: 'eu-west-1', resourceArn, secretArn, database: 'intello' });
 * const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM specs WHERE org_id = :orgId', { orgId: uuid(orgId) });
 */
export function createDataApiClient(
  config: DataApiConfig,
  sender: DataApiSender = sdkClientFor(config),
): DataApiClient {
  const target = { resourceArn: config.resourceArn, secretArn: config.secretArn, database: config.database };

  async function call<T>(command: unknown, idempotent: boolean): Promise<T> {
    try {
      return (await withRetries(() => sender.send(command), { idempotent }, config.retry)) as T;
    } catch (error) {
      throw toApiError(error);
    }
  }

  async function execute<T>(
    sql: string,
    params: SqlParameters,
    idempotent: boolean,
    transactionId?: string,
  ): Promise<QueryResult<T>> {
    let input: ExecuteStatementCommandInput;
    try {
      checkPlaceholders(sql, params);
      input = { ...target, sql, parameters: toSqlParameters(params), includeResultMetadata: true };
    } catch (error) {
      throw toApiError(error);
    }
    if (transactionId !== undefined) input.transactionId = transactionId;
    const out = await call<{ records?: never; columnMetadata?: never; numberOfRecordsUpdated?: number }>(
      new ExecuteStatementCommand(input),
      idempotent,
    );
    try {
      return { rows: decodeRecords<T>(out.records, out.columnMetadata), rowCount: out.numberOfRecordsUpdated ?? 0 };
    } catch (error) {
      throw toApiError(error);
    }
  }

  return {
    inTransaction: false,
    query<T>(sql: string, params: SqlParameters = {}, options: QueryOptions = {}) {
      return execute<T>(sql, params, options.idempotent ?? readsOnly(sql));
    },
    queryInTransaction<T>(transactionId: string, sql: string, params: SqlParameters = {}) {
      // Inside a transaction only a resume is retried: after a 5xx the transaction's state is unknown.
      return execute<T>(sql, params, false, transactionId);
    },
    async beginTransaction() {
      // Safe to repeat: a transaction begun but never answered holds nothing and expires.
      const out = await call<{ transactionId?: string }>(new BeginTransactionCommand(target), true);
      if (!out.transactionId) throw toApiError(new Error('BeginTransaction returned no transaction id'));
      return out.transactionId;
    },
    async commitTransaction(transactionId: string) {
      await call(
        new CommitTransactionCommand({ resourceArn: target.resourceArn, secretArn: target.secretArn, transactionId }),
        false,
      );
    },
    async rollbackTransaction(transactionId: string) {
      await call(
        new RollbackTransactionCommand({ resourceArn: target.resourceArn, secretArn: target.secretArn, transactionId }),
        true,
      );
    },
  };
}
