/**
 * GoTrue's `requireAuthentication`: a Bearer access token, verified against the published keys
 * (signature and expiry only, as GoTrue does), whose user and session still exist.
 */
import type { IncomingMessage } from 'node:http';
import { errors as joseErrors, type JWTPayload } from 'jose';
import { AuthError } from './auth-error';
import type { SessionRecord, UserRecord } from './auth-store';
import type { EndpointDeps } from './endpoint';

const BEARER = /^[Bb]earer (\S+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export interface Authenticated {
  user: UserRecord;
  /** `null` only for a token without `session_id` (GoTrue then acts on all the user's sessions). */
  session: SessionRecord | null;
  claims: JWTPayload;
}

export function whyInvalid(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token has invalid claims: token is expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token has invalid claims: ${error.message}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no published signing key matches the token';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'signing method is invalid';
  return 'token is malformed';
}

/**
 * Authenticates the request or throws the `AuthError` GoTrue would answer with.
 *
 * @example
 * const { user, session } = await requireAuthentication(request.req, deps);
 */
export async function requireAuthentication(req: IncomingMessage, deps: EndpointDeps): Promise<Authenticated> {
  const match = BEARER.exec(req.headers.authorization ?? '');
  if (!match?.[1]) throw new AuthError(401, 'no_authorization', 'This endpoint requires a Bearer token');

  let claims: JWTPayload;
  try {
    claims = await deps.keys.verify(match[1], deps.now());
  } catch (error) {
    throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${whyInvalid(error)}`, {
      cause: error,
    });
  }

  if (typeof claims.sub !== 'string' || claims.sub === '')
    throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim');
  if (!UUID.test(claims.sub)) throw new AuthError(400, 'bad_jwt', 'invalid claim: sub claim must be a UUID');
  const user = deps.store.findUserById(claims.sub.toLowerCase());
  if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');

  let session: SessionRecord | null = null;
  const sessionId = claims.session_id;
  if (sessionId !== undefined && sessionId !== '' && sessionId !== NIL_UUID) {
    if (typeof sessionId !== 'string' || !UUID.test(sessionId)) {
      throw new AuthError(403, 'bad_jwt', 'invalid claim: session_id claim must be a UUID');
    }
    session = deps.store.findSession(sessionId.toLowerCase()) ?? null;
    if (!session) throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
  }
  return { user, session, claims };
}
