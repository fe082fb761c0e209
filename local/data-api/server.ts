/**
 * The local RDS Data API: an HTTP server speaking the service's REST-JSON protocol, so the
 * unchanged `@aws-sdk/client-rds-data` client works against it with `endpoint` set. Statements
 * run on a PostgreSQL server: the embedded one (embedded-postgres.ts) or any other.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequestBody } from '../request-body';
import type { Backend } from './backend';
import { LIMITS, LOCAL_DATABASE, LOCAL_RESOURCE_ARN, LOCAL_SECRET_ARN } from './constants';
import { DataApiError } from './errors';
import { checkSpec, createFaultInjector, type FaultInjector } from './faults';
import { parseRequestJson } from './json';
import { createOperations, type Operation } from './operations';
import { createPostgresBackend } from './postgres-backend';
import type { RequestBody } from './request';
import { TransactionRegistry } from './transactions';
import { SourceColumnCache } from './source-columns';
import { TypeCatalog } from './type-catalog';

export { LOCAL_DATABASE, LOCAL_RESOURCE_ARN, LOCAL_SECRET_ARN } from './constants';
export type { FaultInjector, FaultSpec, InjectableError } from './faults';

/** How to start the emulator. */
export interface DataApiServerOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /**
   * The server's connection string. Calls naming no database, or `LOCAL_DATABASE`, run on its
   * database; a call naming another database runs on that database of the same server.
   */
  connectionString: string;
  /** Default false: `/_local/faults` answers 404 unless enabled (`faults` works in-process regardless). */
  faultInjection?: boolean;
  /** Default 180 000 (the service's 3 minutes). */
  transactionIdleTimeoutMs?: number;
  /** Answer StatementTimeoutException for statements running longer. Default 45 000 (the service's limit). */
  statementTimeoutMs?: number;
  log?: (line: Record<string, unknown>) => void;
}

/** A running emulator and the values a client must send to it. */
export interface DataApiServer {
  /** `http://127.0.0.1:PORT`, the SDK client's `endpoint`. */
  url: string;
  resourceArn: string;
  secretArn: string;
  database: string;
  faults: FaultInjector;
  close(): Promise<void>;
}

const DEFAULT_IDLE_TIMEOUT_MS = 180_000;
const DEFAULT_STATEMENT_TIMEOUT_MS = 45_000;

/**
 * Starts the emulator; resolves once it accepts requests.
 *
 * @example
 * const server = await startDataApiServer({ connectionString: postgres.url('intello') });
 * const client = new RDSDataClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
 * await client.send(new ExecuteStatementCommand({ resourceArn: server.resourceArn, secretArn: server.secretArn, database: server.database, sql: 'SELECT 1' }));
 * await server.close();
 */
export async function startDataApiServer(options: DataApiServerOptions): Promise<DataApiServer> {
  const log = options.log ?? (() => undefined);
  const backend: Backend = await createPostgresBackend({ connectionString: options.connectionString });
  const transactions = new TransactionRegistry(
    backend,
    options.transactionIdleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    (event) => log({ ...event }),
  );
  const operations = createOperations({
    backend,
    transactions,
    catalog: new TypeCatalog(),
    columns: new SourceColumnCache(),
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
  });
  const faults = createFaultInjector();
  const handle = requestHandler({ operations, faults, faultInjection: options.faultInjection ?? false, log });

  const server = createServer((request, response) => void handle(request, response));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  log({ event: 'data_api_started', url: `http://${host}:${address.port}` });

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    resourceArn: LOCAL_RESOURCE_ARN,
    secretArn: LOCAL_SECRET_ARN,
    database: LOCAL_DATABASE,
    faults,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await transactions.closeAll();
        await backend.close();
      })();
      return closing;
    },
  };
}

interface HandlerContext {
  operations: Record<string, Operation>;
  faults: FaultInjector;
  faultInjection: boolean;
  log: (line: Record<string, unknown>) => void;
}

function requestHandler(context: HandlerContext) {
  return async function handleDataApiRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = (request.url ?? '/').split('?')[0]!;
    const requestId = randomUUID();
    response.setHeader('x-amzn-RequestId', requestId);
    try {
      if (path === '/_local/faults') {
        await handleFaultControl(context, request, response);
        return;
      }
      if (path === '/_local/health') {
        sendJson(response, 200, '{"status":"ok"}');
        return;
      }
      const operation = request.method === 'POST' ? context.operations[path] : undefined;
      if (!operation)
        throw new DataApiError('UnknownOperationException', `Unknown operation ${request.method} ${path}`);
      // Signatures are not verified (any credentials work), but an unsigned call is refused as AWS refuses it.
      if (!request.headers.authorization) {
        throw new DataApiError('MissingAuthenticationTokenException', 'Missing Authentication Token');
      }
      const body = await readBody(request);
      // Lets a test act while a call is in flight (e.g. "Transaction is still running a query").
      context.log({
        level: 'debug',
        event: 'data_api_call_started',
        operation: path.slice(1),
        transactionId: body.transactionId,
      });
      const fault = context.faults.next();
      if (fault) throw fault;
      const text = await operation(body);
      sendJson(response, 200, text);
      context.log({ event: 'data_api_call', operation: path.slice(1), status: 200, ms: elapsed(started) });
    } catch (error) {
      const failure = error instanceof DataApiError ? error : internalError(error, context.log);
      response.setHeader('x-amzn-ErrorType', failure.errorName);
      sendJson(response, failure.status, JSON.stringify({ message: failure.message }));
      context.log({
        event: 'data_api_call',
        operation: path.slice(1),
        status: failure.status,
        error: failure.errorName,
        ms: elapsed(started),
      });
    }
  };
}

async function handleFaultControl(
  context: HandlerContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (!context.faultInjection) {
    sendJson(
      response,
      404,
      JSON.stringify({ error: { code: 'not_found', message: 'Fault injection is not enabled' } }),
    );
    return;
  }
  if (request.method === 'DELETE') {
    context.faults.clear();
    response.writeHead(204).end();
    return;
  }
  if (request.method !== 'POST') {
    sendJson(response, 405, JSON.stringify({ error: { code: 'method_not_allowed', message: 'Use POST or DELETE' } }));
    return;
  }
  try {
    context.faults.inject(checkSpec(await readBody(request)));
  } catch (error) {
    const message = error instanceof Error ? error.message : 'Invalid fault';
    sendJson(response, 400, JSON.stringify({ error: { code: 'validation_failed', message } }));
    return;
  }
  response.writeHead(204).end();
}

async function readBody(request: IncomingMessage): Promise<RequestBody> {
  const bytes = await readRequestBody(request, LIMITS.requestBytes);
  if (bytes.length > LIMITS.requestBytes) {
    throw new DataApiError('BadRequestException', `Request size exceeds the limit of ${LIMITS.requestBytes} bytes`);
  }
  const text = bytes.toString('utf8');
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = parseRequestJson(text);
  } catch {
    throw new DataApiError('BadRequestException', 'The request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DataApiError('BadRequestException', 'The request body must be a JSON object');
  }
  return body as RequestBody;
}

function internalError(error: unknown, log: (line: Record<string, unknown>) => void): DataApiError {
  log({
    event: 'data_api_internal_error',
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return new DataApiError('InternalServerErrorException', 'An internal error occurred in the local Data API', {
    cause: error,
  });
}

function sendJson(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
