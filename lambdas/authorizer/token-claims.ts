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

const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
const isTime = (value: unknown): value is number => Number.isFinite(value);

/**
 * Checks the Supabase-specific claims and returns the identity for the context.
 *
 * @example
 * const identity = checkTokenClaims(payload, config, Date.now() / 1000);
 * identity.sub; // the user's UUID
 */
export function checkTokenClaims(
  payload: Record<string, unknown>,
  rules: ClaimRules,
  nowSeconds: number,
): SupabaseIdentity {
  const {
    exp,
    iat,
    nbf,
    iss,
    aud,
    sub,
    role,
    session_id: sessionId,
    is_anonymous: anonymous = false,
    email = '',
    aal = 'aal1',
  } = payload;
  const earliest = nowSeconds + rules.clockSkewSeconds;
  if (!isTime(exp)) throw reject('token exp must be a number');
  if (!isTime(iat)) throw reject('token iat must be a number');
  if (iat > earliest) throw reject('token iat is in the future');
  if (nbf !== undefined && !(isTime(nbf) && nbf <= earliest)) throw reject('token is not valid yet (nbf)');
  if (!(exp > iat && exp - iat <= rules.maxTokenLifetimeSeconds))
    throw reject('token lifetime (exp - iat) is not accepted');
  if (iss !== rules.issuer) throw reject('token iss is not accepted');
  if (aud !== rules.audience && !(Array.isArray(aud) && aud.includes(rules.audience)))
    throw reject('token aud is not accepted');
  if (!isUuid(sub)) throw reject('token sub must be a user UUID');
  if (role !== 'authenticated') throw reject('token role must be "authenticated"');
  if (!isUuid(sessionId)) throw reject('token session_id must be a UUID');
  if (typeof anonymous !== 'boolean') throw reject('token is_anonymous must be a boolean');
  if (anonymous && !rules.allowAnonymous) throw reject('anonymous users are not accepted');
  if (typeof email !== 'string') throw reject('token email must be a string');
  if (typeof aal !== 'string' || !/^aal[123]$/.test(aal)) throw reject('token aal must be aal1, aal2 or aal3');
  return { sub, email, role, sessionId, aal, exp, iat };
}
