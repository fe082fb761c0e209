/**
 * `GET /auth/v1/.well-known/jwks.json`: the public signing keys, open (no API key), cached ten
 * minutes as Supabase's edge does. The control API can make it answer 503 to rehearse an outage.
 */
import { AuthError } from '../auth-error';
import type { Endpoint } from '../endpoint';

/**
 * Publishes the key in use and the previously used keys.
 *
 * @example
 * // GET /auth/v1/.well-known/jwks.json → 200 {"keys":[{"alg":"ES256","crv":"P-256",…}]}
 */
export const jwks: Endpoint = async (_request, deps) => {
  if (!deps.jwks.available) {
    throw new AuthError(503, 'service_unavailable', 'The JWKS is unavailable (simulated outage, see /_local/jwks/up)');
  }
  return { status: 200, body: deps.keys.jwks(), headers: { 'Cache-Control': 'public, max-age=600' } };
};
