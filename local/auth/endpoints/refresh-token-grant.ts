/**
 * `POST /auth/v1/token?grant_type=refresh_token` with rotation, as GoTrue's refresh-token grant
 * (v1 tokens): each use spends the token and issues its child. A spent token is still honoured in
 * two cases, because two tabs (or a server render and the browser) often refresh with one token
 * at once, and clients lose answers:
 * - it is the parent of the session's currently active token: the answer carries that active
 *   token (no new one), whenever it comes;
 * - it was spent less than the reuse interval ago (default 10 s): a new child is issued.
 * Any other replay is treated as theft: every refresh token of the session is revoked and the
 * answer is `refresh_token_already_used`.
 */
import { sessionGranted } from '../access-token';
import { AuthError } from '../auth-error';
import type { RefreshTokenRecord, SessionRecord } from '../auth-store';
import type { Endpoint, EndpointDeps } from '../endpoint';

const notFound = () => new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');

/** The refresh token to answer with for `token`, or the reuse error (after revoking the family). */
function refreshTokenFor(token: RefreshTokenRecord, session: SessionRecord, deps: EndpointDeps): string {
  if (!token.revoked) return deps.store.issueRefreshToken(session.id, token);
  const active = deps.store.activeRefreshToken(session.id);
  if (active?.token && active.parentHash === token.tokenHash) {
    deps.store.markRefreshed(session);
    return active.token;
  }
  const reuseUntil = Date.parse(token.updatedAt) + deps.refreshTokenReuseIntervalSeconds * 1000;
  if (deps.now().getTime() > reuseUntil) {
    deps.store.revokeTokenFamily(session.id);
    throw new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
  }
  return deps.store.issueRefreshToken(session.id, token);
}

/**
 * Exchanges a refresh token for a new access token and a refresh token.
 *
 * @example
 * // POST /auth/v1/token?grant_type=refresh_token {"refresh_token":"…"}
 * // → 200 AccessTokenResponse with a new refresh_token
 */
export const refreshTokenGrant: Endpoint = async (request, deps) => {
  const body = await request.body();
  if (typeof body.refresh_token !== 'string' || body.refresh_token === '') {
    throw new AuthError(400, 'validation_failed', 'refresh_token required');
  }
  const token = deps.store.findRefreshToken(body.refresh_token);
  if (!token) throw notFound();
  const session = deps.store.findSession(token.sessionId);
  if (!session) throw new AuthError(400, 'session_not_found', 'Invalid Refresh Token: No Valid Session Found');
  const user = deps.store.findUserById(session.userId);
  if (!user) throw notFound();

  const refreshToken = refreshTokenFor(token, session, deps);
  return sessionGranted(deps, { user, session, refreshToken });
};
