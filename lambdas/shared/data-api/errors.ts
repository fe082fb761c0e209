/**
 * Data API failures → `ApiError`s with meaning. The SQL text, PostgreSQL's message (which may
 * quote row values) and the SDK error stay in `cause`, for the logs; the client-facing message
 * is generic.
 */
import { ApiError } from '../api-error';
import { RetriesExhaustedError, classifyFailure } from './retry';
import { SqlParameterError } from './params';

const SQLSTATE_RE = /SQLState: ([0-9A-Z]{5})/;

/** PostgreSQL's SQLState of a `DatabaseErrorException`, searched through the `cause` chain. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'DatabaseErrorException') return SQLSTATE_RE.exec(e.message)?.[1];
  }
  return undefined;
}

function fromSqlState(state: string | undefined, cause: unknown): ApiError | undefined {
  switch (state) {
    case '23505':
      return new ApiError('conflict', 'the request conflicts with an existing resource', { cause });
    case '23503':
      return new ApiError('conflict', 'the request refers to a resource that does not exist or is still referenced', {
        cause,
      });
    case '23514':
    case '23502':
    case '22001':
      return new ApiError('validation_failed', 'a value is out of the allowed range', { cause });
    case '22P02':
      return new ApiError('bad_request', 'a value has the wrong format', { cause });
    case '40001':
    case '40P01':
    case '55P03':
      return new ApiError('service_unavailable', 'the database is busy, retry shortly', { cause });
    default:
      return isDataException(state)
        ? new ApiError('bad_request', 'a value is outside what the database accepts', { cause })
        : undefined;
  }
}

/**
 * True for SQLSTATE class 22, "data exception": PostgreSQL refused a value (a date out of range,
 * a number too large, a bad encoding). Every value our statements bind comes from the request or
 * from a row PostgreSQL itself returned, so such a value is the client's: a 400, the backstop
 * behind input validation, never a 500 a client could choose.
 *
 * @example
 * isDataException('22008'); // true (datetime field overflow)
 * isDataException('23505'); // false (unique violation)
 */
export function isDataException(state: string | undefined): boolean {
  return state?.startsWith('22') ?? false;
}

/**
 * The `ApiError` a caller sees for a failed Data API call.
 *
 * @example
 * try { await sdk.send(cmd) } catch (err) { throw toApiError(err) }
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof RetriesExhaustedError) {
    return new ApiError('service_unavailable', 'the database is temporarily unavailable, retry shortly', {
      cause: error,
    });
  }
  if (error instanceof SqlParameterError) return new ApiError('internal_error', 'internal error', { cause: error });
  const name = error instanceof Error ? error.name : undefined;
  if (name === 'DatabaseErrorException') {
    return fromSqlState(sqlStateOf(error), error) ?? new ApiError('internal_error', 'internal error', { cause: error });
  }
  if (name === 'StatementTimeoutException') {
    return new ApiError('service_unavailable', 'the database took too long to answer, retry shortly', { cause: error });
  }
  // A failure that could have been retried but was not (a write after a 5xx): the service was unavailable.
  if (classifyFailure(error) !== 'fatal') {
    return new ApiError('service_unavailable', 'the database is temporarily unavailable, retry shortly', {
      cause: error,
    });
  }
  return new ApiError('internal_error', 'internal error', { cause: error });
}
