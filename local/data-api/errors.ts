/**
 * The errors the emulator answers with, named and statused as the real RDS Data API names them.
 * The name travels in the `x-amzn-ErrorType` header (the SDK keys its exception classes on it)
 * and the message in the `{"message"}` body.
 */

/** Every error name the emulator can answer with. */
export type DataApiErrorName =
  | 'AccessDeniedException'
  | 'BadRequestException'
  | 'DatabaseErrorException'
  | 'DatabaseResumingException'
  | 'DatabaseUnavailableException'
  | 'InternalServerErrorException'
  | 'MissingAuthenticationTokenException'
  | 'SecretsErrorException'
  | 'ServiceUnavailableError'
  | 'StatementTimeoutException'
  | 'ThrottlingException'
  | 'TransactionNotFoundException'
  | 'UnknownOperationException'
  | 'UnsupportedResultException'
  | 'ValidationException';

const STATUS: Record<DataApiErrorName, number> = {
  AccessDeniedException: 403,
  BadRequestException: 400,
  DatabaseErrorException: 400,
  DatabaseResumingException: 400,
  DatabaseUnavailableException: 504,
  InternalServerErrorException: 500,
  MissingAuthenticationTokenException: 403,
  SecretsErrorException: 400,
  ServiceUnavailableError: 503,
  StatementTimeoutException: 400,
  ThrottlingException: 400,
  TransactionNotFoundException: 404,
  UnknownOperationException: 404,
  UnsupportedResultException: 400,
  ValidationException: 400,
};

/**
 * An error answered to the client as `x-amzn-ErrorType: <name>` with the service's status.
 *
 * @example
 * throw new DataApiError('ValidationException', 'Multistatements aren\'t supported.');
 */
export class DataApiError extends Error {
  readonly status: number;

  constructor(
    readonly errorName: DataApiErrorName,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DataApiError';
    this.status = STATUS[errorName];
  }
}

/** What PostgreSQL reported about a failed statement (the ErrorResponse fields we use). */
export interface PgErrorInfo {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  position?: string;
  where?: string;
}

/**
 * PostgreSQL's error in the Data API's wording:
 * `ERROR: <msg>[; Detail: …][; Hint: …][; Position: n][; Where: …]; SQLState: <code>`.
 *
 * @example
 * sqlError({ code: '42883', message: 'operator does not exist: uuid = text', position: '33' });
 * // DataApiError DatabaseErrorException "ERROR: operator does not exist: uuid = text; Position: 33; SQLState: 42883"
 */
export function sqlError(error: PgErrorInfo): DataApiError {
  const parts = [`ERROR: ${error.message}`];
  if (error.detail) parts.push(`Detail: ${error.detail}`);
  if (error.hint) parts.push(`Hint: ${error.hint}`);
  if (error.position) parts.push(`Position: ${error.position}`);
  if (error.where) parts.push(`Where: ${error.where}`);
  parts.push(`SQLState: ${error.code}`);
  return new DataApiError('DatabaseErrorException', parts.join('; '));
}

/** True for the shape both backends give a PostgreSQL ErrorResponse. */
export function isPgError(error: unknown): error is PgErrorInfo {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((error as { code: string }).code)
  );
}
