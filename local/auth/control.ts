/**
 * Test and development levers that Supabase does not offer but an emulator needs: rotate or
 * revoke the signing key now, take the JWKS down and up, and mint access tokens with any claims
 * (expired ones, foreign issuers, missing `session_id`…) signed by the key in use.
 */
import { randomUUID } from 'node:crypto';
import type { AccessTokenClaims } from './access-token';
import type { EndpointDeps } from './endpoint';

/** Claims to override; a claim set to `undefined` is removed from the token. */
export type ClaimOverrides = { [claim in keyof AccessTokenClaims]?: AccessTokenClaims[claim] | undefined } & Record<
  string,
  unknown
>;

export interface AuthEmulatorControl {
  /** Signs with a new key from now on; the old key stays published (previously used). */
  rotateSigningKey(): Promise<{ kid: string }>;
  /** Unpublishes a previously used key: tokens it signed no longer verify. */
  revokeSigningKey(kid: string): void;
  /** `false` makes the JWKS endpoint answer 503 until set back to `true`. */
  setJwksAvailable(available: boolean): void;
  /**
   * Signs an access token with Supabase's claims for a fictitious user (fresh `sub` and
   * `session_id`, valid for the configured TTL), overridden by `overrides`. The token verifies
   * against the JWKS, but `/user` refuses it unless `sub` and `session_id` name a real session.
   */
  signAccessToken(overrides?: ClaimOverrides): Promise<string>;
}

/**
 * The control levers over the emulator's shared state.
 *
 * @example
 * const control = createControl(deps);
 * const expired = await control.signAccessToken({ exp: Math.floor(Date.now() / 1000) - 60 });
 */
export function createControl(deps: EndpointDeps): AuthEmulatorControl {
  return {
    async rotateSigningKey() {
      const rotated = await deps.keys.rotate();
      deps.persist();
      return rotated;
    },
    revokeSigningKey(kid) {
      deps.keys.revoke(kid);
      deps.persist();
    },
    setJwksAvailable(available) {
      deps.jwks.available = available;
    },
    async signAccessToken(overrides = {}) {
      const iat = Math.floor(deps.now().getTime() / 1000);
      const claims: Record<string, unknown> = {
        iss: deps.issuer,
        sub: randomUUID(),
        aud: 'authenticated',
        exp: iat + deps.accessTokenTtlSeconds,
        iat,
        email: 'minted@example.com',
        phone: '',
        app_metadata: { provider: 'email', providers: ['email'] },
        user_metadata: {},
        role: 'authenticated',
        aal: 'aal1',
        amr: [{ method: 'password', timestamp: iat }],
        session_id: randomUUID(),
        is_anonymous: false,
      };
      for (const [claim, value] of Object.entries(overrides)) {
        if (value === undefined) delete claims[claim];
        else claims[claim] = value;
      }
      return deps.keys.sign(claims);
    },
  };
}
