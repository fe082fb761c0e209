/**
 * The errors the client throws. Every one extends {@link IntelloError}, so a job can catch the
 * family with one `instanceof`, and each carries data rather than a message to parse:
 * an API refusal (`IntelloApiError`), a Supabase Auth refusal (`IntelloAuthError`), or a request
 * that never got an answer (`IntelloNetworkError`).
 */

/**
 * The codes the Intello API sends (the `code` of `{"error":{"code","message","requestId"}}`).
 * A test keeps this list equal to the server's (`lambdas/shared/api-error.ts`).
 */
export const API_ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'token_expired',
  /** The plan's seats are all used: upgrade, or remove a member or invitation. */
  'seat_limit_reached',
  'forbidden',
  'invitation_email_mismatch',
  /** An org API key without the scope the route needs. */
  'insufficient_scope',
  'not_found',
  'method_not_allowed',
  'conflict',
  'already_member',
  'last_owner',
  'org_not_empty',
  /** The org already has 50 active API keys. */
  'key_limit_reached',
  'invitation_expired',
  'payload_too_large',
  'unsupported_media_type',
  'user_not_synced',
  'rate_limited',
  'internal_error',
  'service_unavailable',
] as const;

/** An API code, or `unexpected_response`: the response was not the API's error envelope (a proxy's HTML page, an empty body…). */
export type IntelloErrorCode = (typeof API_ERROR_CODES)[number] | 'unexpected_response';

/** One invalid field, as listed by a `validation_failed` error. */
export interface IntelloValidationDetail {
  field: string;
  message: string;
}

/** The base of every error this client throws. */
export class IntelloError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IntelloError';
  }
}

/**
 * The API answered with an error status. `code` is stable (switch on it), `message` is for
 * humans, `requestId` is what support asks for.
 *
 * @example
 * try {
 *   await client.specs.get(id);
 * } catch (error) {
 *   if (error instanceof IntelloApiError && error.code === 'not_found') return undefined;
 *   throw error;
 * }
 */
export class IntelloApiError extends IntelloError {
  readonly status: number;
  readonly code: IntelloErrorCode;
  readonly requestId: string | undefined;
  /** Field-level problems, only on `validation_failed`. */
  readonly details: IntelloValidationDetail[] | undefined;

  constructor(init: {
    status: number;
    code: IntelloErrorCode;
    message: string;
    requestId?: string | undefined;
    details?: IntelloValidationDetail[] | undefined;
  }) {
    super(init.message);
    this.name = 'IntelloApiError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.details = init.details;
  }
}

/**
 * Supabase Auth refused to sign the machine account in or to refresh its session
 * (`invalid_credentials`, `refresh_token_already_used`, `session_not_found`…), or could not be
 * reached. `code` is Supabase's error code when it sent one.
 *
 * @example
 * await IntelloClient.signIn(options).catch((error) => {
 *   if (error instanceof IntelloAuthError && error.code === 'invalid_credentials') console.error('check INTELLO_BOT_PASSWORD');
 *   throw error;
 * });
 */
export class IntelloAuthError extends IntelloError {
  /** Supabase's HTTP status, or undefined when no response came back. */
  readonly status: number | undefined;
  readonly code: string | undefined;
  /** Which step failed. */
  readonly operation: 'sign_in' | 'refresh' | 'sign_out';

  constructor(
    init: {
      operation: 'sign_in' | 'refresh' | 'sign_out';
      status: number | undefined;
      code: string | undefined;
      message: string;
    },
    options?: ErrorOptions,
  ) {
    super(init.message, options);
    this.name = 'IntelloAuthError';
    this.operation = init.operation;
    this.status = init.status;
    this.code = init.code;
  }
}

/**
 * No HTTP answer: the connection failed or was reset. `cause` holds what `fetch` threw.
 *
 * @example
 * if (error instanceof IntelloNetworkError) console.error(`${error.method} ${error.url} failed`, error.cause);
 */
export class IntelloNetworkError extends IntelloError {
  readonly method: string;
  readonly url: string;

  constructor(init: { method: string; url: string }, options: ErrorOptions) {
    super(`${init.method} ${init.url} failed before a response arrived`, options);
    this.name = 'IntelloNetworkError';
    this.method = init.method;
    this.url = init.url;
  }
}
