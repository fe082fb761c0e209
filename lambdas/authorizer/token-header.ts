/**
 * Rules on the JWS protected header. Only `ES256` with a `kid` naming a key from the issuer's
 * JWKS is accepted; a header that asks for special processing (`crit`, `b64`) or tries to bring
 * its own key (`jku`, `jwk`, `x5u`, `x5c`) is refused outright rather than ignored.
 */
import { reject } from './errors';

const REFUSED_PARAMETERS = ['crit', 'b64', 'jku', 'jwk', 'x5u', 'x5c'];

/**
 * Checks the header and returns the `kid` to look up. Messages are fixed strings: header values
 * are the attacker's and never reach the response.
 *
 * @example
 * checkTokenHeader({ alg: 'ES256', kid: 'b81269f1-...', typ: 'JWT' }); // 'b81269f1-...'
 * checkTokenHeader({ alg: 'none' }); // throws TokenRejectedError('unauthorized', ...)
 */
export function checkTokenHeader(header: Record<string, unknown>): string {
  const { alg, kid, typ } = header;
  if (alg !== 'ES256') throw reject('token must be signed with ES256');
  if (typeof kid !== 'string' || !kid) throw reject('token header must name its signing key (kid)');
  if (typ !== undefined && typ !== 'JWT') throw reject('token typ must be "JWT"');
  for (const name of REFUSED_PARAMETERS) if (name in header) throw reject(`token header must not contain "${name}"`);
  return kid;
}
