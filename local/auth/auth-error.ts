/**
 * The emulator's one error type, shaped after GoTrue's `HTTPError`: an HTTP status, a stable
 * snake_case `code` from Supabase's error-code list, and a human message. How it is written on
 * the wire (the `2024-01-01` form or the legacy one) is decided per request in `http-io.ts`.
 */

/** The Supabase Auth error codes this emulator can answer with (a subset of GoTrue's list). */
export type AuthErrorCode =
  | 'bad_json'
  | 'validation_failed'
  | 'invalid_credentials'
  | 'user_already_exists'
  | 'email_exists'
  | 'email_not_confirmed'
  | 'same_password'
  | 'not_admin'
  | 'weak_password'
  | 'phone_provider_disabled'
  | 'refresh_token_not_found'
  | 'refresh_token_already_used'
  | 'session_not_found'
  | 'user_not_found'
  | 'no_authorization'
  | 'bad_jwt'
  | 'not_found'
  | 'method_not_allowed'
  | 'request_too_large'
  | 'unexpected_failure'
  | 'service_unavailable'
  | 'host_not_allowed';

/**
 * An error a client of the emulator can see.
 *
 * @example
 * throw new AuthError(400, 'invalid_credentials', 'Invalid login credentials');
 * throw new AuthError(422, 'weak_password', 'Password should be at least 6 characters.', { weakPasswordReasons: ['length'] });
 */
export class AuthError extends Error {
  readonly status: number;
  readonly code: AuthErrorCode;
  /** Only for `weak_password`: GoTrue adds `weak_password: {reasons}` to the body. */
  readonly weakPasswordReasons: string[] | undefined;

  constructor(
    status: number,
    code: AuthErrorCode,
    message: string,
    options: ErrorOptions & { weakPasswordReasons?: string[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuthError';
    this.status = status;
    this.code = code;
    this.weakPasswordReasons = options.weakPasswordReasons;
  }
}
