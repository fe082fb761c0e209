/**
 * `POST /auth/v1/token?grant_type=refresh_token` with rotation: each refresh token works once and
 * is replaced by its child. Replaying a spent token is treated as theft, as GoTrue does past its
 * reuse interval: the whole family (every refresh token of the session) is revoked.
 */
import { accessTokenResponse } from '../access-token';
import { AuthError } from '../auth-error';
import type { Endpoint } from '../endpoint';

const notFound = () => new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');

/**
 * Exchanges a refresh token for a new access token and a new refresh token.
 *
 * @example
 * // POST /auth/v1/token?grant_type=refresh_token {"refresh_token":"…"}
 * // → 200 AccessTokenResponse with a new refresh_token; the old one now answers refresh_token_already_used
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
  if (token.revoked) {
    deps.store.revokeTokenFamily(session.id);
    throw new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
  }

  const refreshToken = deps.store.issueRefreshToken(session.id, token);
  const tokens = await accessTokenResponse({
    ...deps,
    ttlSeconds: deps.accessTokenTtlSeconds,
    user,
    session,
    refreshToken,
  });
  return { status: 200, body: tokens };
};
