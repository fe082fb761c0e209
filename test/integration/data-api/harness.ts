/**
 * Shared setup for the emulator fidelity suites: each suite starts its own emulator on the test
 * file's database (PostgreSQL 17, embedded; see test/support/file-database.ts). Clients are the
 * real `RDSDataClient` pointed at the emulator.
 */
import { randomBytes } from 'node:crypto';
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
  type CommitTransactionCommandOutput,
  type ExecuteStatementCommandInput,
  type ExecuteStatementCommandOutput,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import { startDataApiServer, type DataApiServer, type DataApiServerOptions } from '../../../local/data-api/server';
import { fileDatabase } from '../../support/test-data-api';

/** The engine the suites run against, named in their titles. */
export interface BackendCase {
  name: 'postgres';
}

/**
 * One case since PGlite left: PostgreSQL 17. Kept as a list so the suites' `describe.each`
 * titles stay as they were.
 */
export function backendCases(): BackendCase[] {
  return [{ name: 'postgres' }];
}

/** A started emulator, an SDK client for it, and helpers. */
export interface Harness {
  server: DataApiServer;
  client: RDSDataClient;
  /** resourceArn, secretArn and database, as every call sends them. */
  target: { resourceArn: string; secretArn: string; database: string };
  /** ExecuteStatement with the target filled in. */
  execute(
    sql: string,
    parameters?: SqlParameter[],
    extra?: Partial<ExecuteStatementCommandInput>,
  ): Promise<ExecuteStatementCommandOutput>;
  /** BeginTransaction on the target; its transaction id. */
  begin(): Promise<string>;
  /** CommitTransaction of `transactionId`. */
  commit(transactionId: string): Promise<CommitTransactionCommandOutput>;
  /** A table name no other suite of the file uses. */
  table(prefix: string): string;
  /** Log lines the server wrote. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Starts an emulator on the file's database with `maxAttempts: 1` clients, so that errors
 * surface as they are answered.
 */
export async function startHarness(
  _backendCase: BackendCase,
  options: Partial<DataApiServerOptions> = {},
): Promise<Harness> {
  const logs: Array<Record<string, unknown>> = [];
  const server = await startDataApiServer({
    connectionString: fileDatabase().url,
    log: (line) => logs.push(line),
    ...options,
  });
  const client = sdkClient(server.url);
  const target = { resourceArn: server.resourceArn, secretArn: server.secretArn, database: server.database };
  const tables: string[] = [];
  return {
    server,
    client,
    target,
    logs,
    execute: (sql, parameters, extra) =>
      client.send(new ExecuteStatementCommand({ ...target, sql, parameters, ...extra })),
    begin: async () => (await client.send(new BeginTransactionCommand(target))).transactionId!,
    commit: (transactionId) =>
      client.send(
        new CommitTransactionCommand({ resourceArn: target.resourceArn, secretArn: target.secretArn, transactionId }),
      ),
    table(prefix) {
      const name = `${prefix}_${randomBytes(4).toString('hex')}`;
      tables.push(name);
      return name;
    },
    async close() {
      for (const name of tables) {
        await client
          .send(new ExecuteStatementCommand({ ...target, sql: `DROP TABLE IF EXISTS ${name} CASCADE` }))
          .catch(() => undefined);
      }
      client.destroy();
      await server.close();
    },
  };
}

/** The real SDK client with dummy credentials, as the Lambdas build it locally. */
export function sdkClient(endpoint: string, maxAttempts = 1): RDSDataClient {
  return new RDSDataClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
    maxAttempts,
  });
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

/**
 * Resolves once the server has logged `count` (default 1) lines matching `predicate` since log
 * index `after` (default: from the start).
 */
export async function logged(
  harness: Harness,
  predicate: (line: Record<string, unknown>) => boolean,
  options: { after?: number; count?: number } = {},
): Promise<void> {
  const matches = () => harness.logs.slice(options.after ?? 0).filter(predicate).length;
  while (matches() < (options.count ?? 1)) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** A log line saying the server received an ExecuteStatement call outside any transaction. */
export const autocommitCallStarted = (line: Record<string, unknown>) =>
  line.event === 'data_api_call_started' && line.operation === 'Execute' && line.transactionId === undefined;

/** A string parameter. */
export const str = (name: string, value: string, typeHint?: SqlParameter['typeHint']): SqlParameter => ({
  name,
  value: { stringValue: value },
  ...(typeHint ? { typeHint } : {}),
});
