/**
 * The one error type of the HTTP API. Every failure a client can see is an `ApiError`
 * with a stable snake_case `code`; the human `message` may change, the code may not.
 * A `cause` travels for the logs and is never serialized into a response.
 */

/** Every error code a client can receive, with the HTTP status it always travels with. */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  token_expired: 401,
  seat_limit_reached: 402,
  forbidden: 403,
  invitation_email_mismatch: 403,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  already_member: 409,
  last_owner: 409,
  org_not_empty: 409,
  key_limit_reached: 409,
  invitation_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  user_not_synced: 428,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One invalid field of a request, as listed in a `validation_failed` error. */
export interface ValidationDetail {
  field: string;
  message: string;
}

export interface ApiErrorOptions extends ErrorOptions {
  /** Field-level problems, only for `validation_failed`. */
  details?: ValidationDetail[];
}

/**
 * An error with an HTTP status and a stable code.
 *
 * @example
 * throw new ApiError('not_found', 'spec not found');
 * throw new ApiError('service_unavailable', 'database is resuming, retry shortly', { cause: err });
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ValidationDetail[] | undefined;

  constructor(code: ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = options.details;
  }
}

/** True when `value` is an {@link ApiError}, including one from another bundle's copy of this module. */
export function isApiError(value: unknown): value is ApiError {
  return (
    value instanceof ApiError ||
    (value instanceof Error && value.name === 'ApiError' && 'code' in value && 'status' in value)
  );
}
