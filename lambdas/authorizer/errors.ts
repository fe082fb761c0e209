/**
 * The two ways verification ends without an Allow. A {@link TokenRejectedError} is the token's
 * fault and becomes a Deny carrying `{ code, message }`; a {@link VerificationUnavailableError}
 * means no decision could be made and is thrown out of the handler, so API Gateway answers
 * `AUTHORIZER_FAILURE` and caches nothing for a token that may well be good.
 */

/** The codes a client can see after a Deny (mapped to HTTP 401 by the gateway response). */
export type RejectionCode = 'unauthorized' | 'token_expired';

/**
 * The token failed a check. `message` is for the client developer and never echoes the token.
 *
 * @example
 * throw new TokenRejectedError('unauthorized', 'token role must be "authenticated"');
 */
export class TokenRejectedError extends Error {
  readonly code: RejectionCode;

  constructor(code: RejectionCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TokenRejectedError';
    this.code = code;
  }
}

/**
 * The signing keys could not be obtained (JWKS unreachable and the `kid` not cached).
 *
 * @example
 * throw new VerificationUnavailableError('JWKS unavailable', { cause: err });
 */
export class VerificationUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VerificationUnavailableError';
  }
}

/** Shorthand for the common `unauthorized` rejection. */
export const reject = (message: string, options?: ErrorOptions): TokenRejectedError =>
  new TokenRejectedError('unauthorized', message, options);
