/**
 * The five Data API operations over a backend: each takes the decoded request body and returns
 * the response body as JSON text, or throws a {@link DataApiError}.
 */
import type { Backend, Session, SessionTarget } from './backend';
import { DataApiError, isPgError, sqlError } from './errors';
import { toJson } from './json';
import { bindParameters, type WireParameter } from './parameters';
import { checkTarget, optionalBoolean, optionalString, requireSql, requireString, type RequestBody } from './request';
import type { ResultOptions } from './result-encoding';
import { rewriteNamedParameters } from './sql-scanner';
import { statementResponse, type ResultRequest } from './statement-result';
import { withStatementTimeout, type Watch } from './statement-timeout';
import type { TransactionRegistry } from './transactions';
import type { SourceColumnCache } from './source-columns';
import type { TypeCatalog } from './type-catalog';

/** What the operations run on. */
export interface OperationContext {
  backend: Backend;
  transactions: TransactionRegistry;
  catalog: TypeCatalog;
  columns: SourceColumnCache;
  /** The service's statement timeout (45 000 ms). */
  statementTimeoutMs: number;
}

/** An operation handler: request body in, response body (JSON text) out. */
export type Operation = (body: RequestBody) => Promise<string>;

/**
 * The operations keyed by their REST path.
 *
 * @example
 * const body = await createOperations(context)['/Execute']!(request);
 */
export function createOperations(context: OperationContext): Record<string, Operation> {
  return {
    '/Execute': (body) => translatePgErrors(() => executeStatement(context, body)),
    '/BatchExecute': (body) => translatePgErrors(() => batchExecute(context, body)),
    '/BeginTransaction': (body) => translatePgErrors(() => beginTransaction(context, body)),
    '/CommitTransaction': (body) => translatePgErrors(() => endTransaction(context, body, 'commit')),
    '/RollbackTransaction': (body) => translatePgErrors(() => endTransaction(context, body, 'rollback')),
    '/ExecuteSql': async () => {
      throw new DataApiError(
        'BadRequestException',
        'ExecuteSql is not supported for Aurora Serverless v2 and provisioned DB clusters. Use ExecuteStatement.',
      );
    },
  };
}

async function translatePgErrors(operation: () => Promise<string>): Promise<string> {
  try {
    return await operation();
  } catch (error) {
    if (isPgError(error)) throw sqlError(error);
    throw error;
  }
}

async function executeStatement(context: OperationContext, body: RequestBody): Promise<string> {
  const role = checkTarget(body, { database: true });
  const { text, names } = rewriteNamedParameters(requireSql(body));
  const bound = bindParameters(parametersOf(body.parameters), names);
  const resultRequest = resultRequestOf(body);
  const transactionId = optionalString(body, 'transactionId');
  const run = async (session: Session) => {
    const raw = await session.query(text, bound.values, bound.types);
    context.columns.noteCommand(raw.command, transactionId);
    return statementResponse(session, context.catalog, raw, resultRequest, (fields) =>
      context.columns.lookup(session, fields, transactionId),
    );
  };
  const continueAfterTimeout = optionalBoolean(body, 'continueAfterTimeout');
  return withStatementTimeout(context.statementTimeoutMs, continueAfterTimeout, (watch) =>
    inScope(context, targetOf(body, role), transactionId, watched(watch, run)),
  );
}

/** `run` with the statement clock running while it holds its session. */
function watched(watch: Watch, run: (session: Session) => Promise<string>): (session: Session) => Promise<string> {
  return async (session) => {
    const stop = watch(session);
    try {
      return await run(session);
    } finally {
      stop();
    }
  };
}

async function batchExecute(context: OperationContext, body: RequestBody): Promise<string> {
  const role = checkTarget(body, { database: true });
  const { text, names } = rewriteNamedParameters(requireSql(body));
  const sets = body.parameterSets === undefined || body.parameterSets === null ? [[]] : body.parameterSets;
  if (!Array.isArray(sets)) throw new DataApiError('BadRequestException', 'parameterSets must be a list.');
  const bound = (sets.length === 0 ? [[]] : sets).map((set) => bindParameters(parametersOf(set), names));
  const transactionId = optionalString(body, 'transactionId');
  return withStatementTimeout(context.statementTimeoutMs, false, (watch) => {
    const run = watched(watch, async (session) => {
      for (const parameters of bound) {
        const raw = await session.query(text, parameters.values, parameters.types);
        context.columns.noteCommand(raw.command, transactionId);
      }
      return toJson({ updateResults: bound.map(() => ({ generatedFields: [] })) });
    });
    if (transactionId !== undefined) return context.transactions.run(transactionId, run);
    // Outside a transaction the whole batch commits or fails as one (see docs/DATA.md).
    return context.backend.autocommit(targetOf(body, role), async (session) => {
      await session.query('BEGIN');
      try {
        const response = await run(session);
        await session.query('COMMIT');
        return response;
      } catch (error) {
        await session.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  });
}

async function beginTransaction(context: OperationContext, body: RequestBody): Promise<string> {
  const role = checkTarget(body, { database: true });
  return toJson({ transactionId: await context.transactions.begin(targetOf(body, role)) });
}

async function endTransaction(
  context: OperationContext,
  body: RequestBody,
  how: 'commit' | 'rollback',
): Promise<string> {
  checkTarget(body, { database: false });
  const id = requireString(body, 'transactionId');
  try {
    if (how === 'commit') {
      await context.transactions.commit(id);
      return toJson({ transactionStatus: 'Transaction Committed' });
    }
    await context.transactions.rollback(id);
    return toJson({ transactionStatus: 'Rollback Complete' });
  } finally {
    context.columns.transactionEnded(id);
  }
}

/**
 * Runs in the named transaction (under the role it began with), or in autocommit mode as `role`
 * (undoing a stray BEGIN sent as SQL).
 */
async function inScope(
  context: OperationContext,
  target: SessionTarget,
  transactionId: string | undefined,
  run: (session: Session) => Promise<string>,
): Promise<string> {
  if (transactionId !== undefined) return context.transactions.run(transactionId, run);
  return context.backend.autocommit(target, async (session) => {
    let straySession = false;
    const guarded: Session = {
      cancel: session.cancel,
      async query(sql, values, types) {
        const result = await session.query(sql, values, types);
        if (result.command === 'BEGIN' || result.command.startsWith('START')) straySession = true;
        return result;
      },
    };
    try {
      return await run(guarded);
    } finally {
      // A pooled connection must not stay inside a transaction.
      if (straySession) await session.query('ROLLBACK').catch(() => undefined);
    }
  });
}

/** The session a call needs (a transaction's calls run on the session BeginTransaction chose). */
function targetOf(body: RequestBody, role: string | null): SessionTarget {
  return { database: optionalString(body, 'database'), role };
}

function parametersOf(value: unknown): WireParameter[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new DataApiError('BadRequestException', 'parameters must be a list.');
  return value as WireParameter[];
}

function resultRequestOf(body: RequestBody): ResultRequest {
  const format = optionalString(body, 'formatRecordsAs') ?? 'NONE';
  if (format !== 'NONE' && format !== 'JSON') {
    throw new DataApiError('ValidationException', `Invalid formatRecordsAs: ${format}`);
  }
  const options = (body.resultSetOptions ?? {}) as ResultOptions;
  if (options.decimalReturnType !== undefined && !['STRING', 'DOUBLE_OR_LONG'].includes(options.decimalReturnType)) {
    throw new DataApiError('ValidationException', `Invalid decimalReturnType: ${options.decimalReturnType}`);
  }
  if (options.longReturnType !== undefined && !['STRING', 'LONG'].includes(options.longReturnType)) {
    throw new DataApiError('ValidationException', `Invalid longReturnType: ${options.longReturnType}`);
  }
  return {
    includeResultMetadata: optionalBoolean(body, 'includeResultMetadata'),
    formatRecordsAs: format,
    resultSetOptions: options,
  };
}
