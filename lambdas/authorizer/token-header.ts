/**
 * Rules on the JWS protected header. Only `ES256` with a `kid` naming a key from the issuer's
 * JWKS is accepted; a header that asks for special processing (`crit`, `b64`) or tries to bring
 * its own key (`jku`, `jwk`, `x5u`, `x5c`) is refused outright rather than ignored.
 */
import { reject } from './errors';

/** Header parameters that point at or embed a key: the key always comes from our JWKS, never the token. */
const KEY_CARRYING_PARAMETERS = ['jku', 'jwk', 'x5u', 'x5c'];

/**
 * Checks the header and returns the `kid` to look up.
 *
 * @example
 * checkTokenHeader({ alg: 'ES256', kid: 'b81269f1-...', typ: 'JWT' }); // 'b81269f1-...'
 * checkTokenHeader({ alg: 'none' }); // throws TokenRejectedError('unauthorized', ...)
 */
export function checkTokenHeader(header: Record<string, unknown>): string {
  // Messages are fixed strings: header values are the attacker's and must not reach the response.
  if (header.alg !== 'ES256') throw reject('token must be signed with ES256');
  if (typeof header.kid !== 'string' || header.kid === '') throw reject('token header must name its signing key (kid)');
  if ('crit' in header) throw reject('token header must not contain "crit"');
  if ('b64' in header) throw reject('token header must not contain "b64"');
  if (header.typ !== undefined && header.typ !== 'JWT') throw reject('token type (typ) must be "JWT"');
  if (KEY_CARRYING_PARAMETERS.some((name) => name in header)) {
    throw reject('token header must not name or embed a key (jku, jwk, x5u, x5c)');
  }
  return header.kid;
}
