/**
 * Rules on the claims that aws-jwt-verify does not enforce (or enforces only when present),
 * checked before the signature so that a Deny says `token_expired` only for a token whose every
 * other property is right. Signature, `iss`, `aud`, `exp` and `nbf` are checked again by the
 * verifier after the signature.
 */
import { reject } from './errors';

/** What the rules need from the configuration. */
export interface ClaimRules {
  issuer: string;
  audience: string;
  clockSkewSeconds: number;
  maxTokenLifetimeSeconds: number;
  allowAnonymous: boolean;
}

/** The claims passed on to the backend as the authorizer context. */
export interface SupabaseIdentity {
  sub: string;
  email: string;
  role: 'authenticated';
  sessionId: string;
  aal: string;
  exp: number;
  iat: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AAL = /^aal[1-3]$/;

const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function checkTimes(payload: Record<string, unknown>, rules: ClaimRules, nowSeconds: number): { exp: number; iat: number } {
  const { exp, iat, nbf } = payload;
  if (!isNumericDate(exp)) throw reject('token must carry a numeric expiry (exp)');
  if (!isNumericDate(iat)) throw reject('token must carry a numeric issue time (iat)');
  if (iat - rules.clockSkewSeconds > nowSeconds) throw reject('token is issued in the future (iat)');
  if (nbf !== undefined && (!isNumericDate(nbf) || nbf - rules.clockSkewSeconds > nowSeconds)) {
    throw reject('token is not valid yet (nbf)');
  }
  if (exp <= iat || exp - iat > rules.maxTokenLifetimeSeconds) {
    throw reject('token lifetime (exp - iat) is not accepted');
  }
  return { exp, iat };
}

function checkAudience(aud: unknown, audience: string): void {
  const ok = aud === audience || (Array.isArray(aud) && aud.includes(audience));
  if (!ok) throw reject('token audience (aud) is not accepted');
}

/**
 * Checks the Supabase-specific claims and returns the identity for the context.
 *
 * @example
 * const identity = checkTokenClaims(payload, config, Date.now() / 1000);
 * identity.sub; // the user's UUID
 */
export function checkTokenClaims(payload: Record<string, unknown>, rules: ClaimRules, nowSeconds: number): SupabaseIdentity {
  const { exp, iat } = checkTimes(payload, rules, nowSeconds);
  if (payload.iss !== rules.issuer) throw reject('token issuer (iss) is not accepted');
  checkAudience(payload.aud, rules.audience);
  const { sub, role, session_id: sessionId, is_anonymous: isAnonymous, email = '', aal = 'aal1' } = payload;
  if (typeof sub !== 'string' || !UUID.test(sub)) throw reject('token subject (sub) must be a user UUID');
  if (role !== 'authenticated') throw reject('token role must be "authenticated"');
  if (typeof sessionId !== 'string' || !UUID.test(sessionId)) throw reject('token must carry a session_id');
  if (isAnonymous !== undefined && typeof isAnonymous !== 'boolean') throw reject('token is_anonymous must be a boolean');
  if (isAnonymous === true && !rules.allowAnonymous) throw reject('anonymous users are not accepted');
  if (typeof email !== 'string') throw reject('token email must be a string');
  if (typeof aal !== 'string' || !AAL.test(aal)) throw reject('token aal must be aal1, aal2 or aal3');
  return { sub, email, role, sessionId, aal, exp, iat };
}
