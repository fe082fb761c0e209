/**
 * Verification of one `Authorization` header value with aws-jwt-verify's `verifyJwt`, which
 * decodes the token once (strict JSON types, prototype-safe parse) and hands the decoded header
 * and claims to our key lookup before it checks anything itself. That hook applies our header
 * and Supabase claim rules and returns the key {@link SigningKeys} chose; the library then checks
 * the key/algorithm match, the signature (with the key's `KeyObject`, built once per key),
 * `exp`, `nbf`, `iss` and `aud`. Every way a token can be bad ends in a {@link Verdict}; only a
 * failure to verify at all (no keys, an unexpected fault) throws.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { verifyJwt } from 'aws-jwt-verify/jwt-verifier';
import { JwtBaseError, JwtExpiredError, JwtParseError } from 'aws-jwt-verify/error';
import type { Jwk } from 'aws-jwt-verify/jwk';
import type { AuthorizerConfig } from './config';
import { bearerJwt, decodeBearerToken } from './bearer-token';
import { reject, TokenRejectedError, type RejectionCode } from './errors';
import type { SigningKeys } from './signing-keys';
import { checkTokenClaims, type SupabaseIdentity } from './token-claims';
import { checkTokenHeader } from './token-header';

/** The outcome for a token: an identity, or a rejection with the code and message for the Deny. */
export type Verdict =
  | { ok: true; identity: SupabaseIdentity; kid: string }
  | { ok: false; code: RejectionCode; message: string; kid?: string; sub?: string };

export type TokenVerifier = (authorization: unknown) => Promise<Verdict>;

export interface TokenVerifierDeps {
  config: AuthorizerConfig;
  keys: SigningKeys;
  /** Milliseconds since the epoch, for `iat` and `nbf` (aws-jwt-verify reads `Date.now()` for `exp`). */
  now?: () => number;
}

/** One `KeyObject` per published JWK object; a refreshed key set brings new objects and drops these. */
const keyObjects = new WeakMap<Jwk, KeyObject>();
const keyObjectOf = async (jwk: Jwk): Promise<KeyObject> => {
  let keyObject = keyObjects.get(jwk);
  if (!keyObject) keyObjects.set(jwk, (keyObject = createPublicKey({ key: jwk, format: 'jwk' })));
  return keyObject;
};

/**
 * What the verifier threw, as a rejection; rethrown when it is not the token's fault. Node's
 * crypto throws (rather than returning false) on a signature it cannot even parse, such as a
 * DER-encoded or truncated one: that is a bad token, not an outage.
 */
function rejectionFor(error: unknown): TokenRejectedError {
  if (error instanceof TokenRejectedError) return error;
  if (error instanceof JwtExpiredError) return new TokenRejectedError('token_expired', 'token has expired');
  if (error instanceof JwtBaseError || /^ERR_(CRYPTO|OSSL)_/.test(String((error as { code?: unknown })?.code))) {
    return reject('token signature is invalid', { cause: error });
  }
  throw error;
}

/**
 * Builds the verifier for one configuration and key cache.
 *
 * @example
 * const verifyToken = createTokenVerifier({ config, keys });
 * const verdict = await verifyToken('Bearer eyJ...');
 * if (verdict.ok) console.log(verdict.identity.sub);
 */
export function createTokenVerifier({ config, keys, now = Date.now }: TokenVerifierDeps): TokenVerifier {
  const options = { issuer: config.issuer, audience: config.audience, graceSeconds: config.clockSkewSeconds };

  return async function verifyToken(authorization) {
    let kid: string | undefined;
    let identity: SupabaseIdentity | undefined;
    const rules = (header: Record<string, unknown>, payload: Record<string, unknown>): void => {
      kid = checkTokenHeader(header);
      identity = checkTokenClaims(payload, config, now() / 1000);
    };
    try {
      const jwt = bearerJwt(authorization);
      try {
        await verifyJwt(
          jwt,
          config.jwksUrl,
          options,
          // Called with the decoded token before the library checks anything. The key is looked
          // up before any claim is read, so the unverified payload never decides whether we
          // fetch or whether an unknown kid is a Deny or an outage; our claim rules then run
          // before the library's, so token_expired (its exp check) means "otherwise valid".
          async (_uri, { header, payload }) => {
            kid = checkTokenHeader(header);
            const jwk = await keys.resolve(kid);
            identity = checkTokenClaims(payload, config, now() / 1000);
            return jwk;
          },
          keyObjectOf,
        );
      } catch (error) {
        if (!(error instanceof JwtParseError)) throw rejectionFor(error);
        // The library refused to decode it: our own decoder and rules say precisely why.
        const { header, payload } = decodeBearerToken(authorization);
        rules(header, payload);
        throw reject('token header or claims are not valid JWT JSON', { cause: error });
      }
      return { ok: true, identity: identity!, kid: kid! };
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      // The sub is reported only once the signature proved it: a forged token names anyone.
      const sub = error.code === 'token_expired' ? identity?.sub : undefined;
      return { ok: false, code: error.code, message: error.message, kid, sub };
    }
  };
}
