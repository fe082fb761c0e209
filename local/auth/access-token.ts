/**
 * Access tokens with the claims Supabase Auth puts in them, in GoTrue's order, and the
 * `AccessTokenResponse` that carries them.
 */
import type { AmrEntry, SessionRecord, UserRecord } from './auth-store';
import type { SigningKeyRing } from './signing-keys';
import { appMetadataOf, toUserJson, userMetadataOf } from './user-json';

/** The claims of a Supabase user access token. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  email: string;
  phone: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  role: string;
  aal: string;
  amr: AmrEntry[];
  session_id: string;
  is_anonymous: boolean;
  [claim: string]: unknown;
}

/** What GoTrue answers a successful sign-up, password grant or refresh with. */
export interface AccessTokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
}

/**
 * The claims for a user's session, issued now.
 *
 * @example
 * const claims = accessTokenClaims({ issuer, user, session, ttlSeconds: 3600, now: new Date() });
 */
export function accessTokenClaims(input: {
  issuer: string;
  user: UserRecord;
  session: SessionRecord;
  ttlSeconds: number;
  now: Date;
}): AccessTokenClaims {
  const iat = Math.floor(input.now.getTime() / 1000);
  return {
    iss: input.issuer,
    sub: input.user.id,
    aud: 'authenticated',
    exp: iat + input.ttlSeconds,
    iat,
    email: input.user.email,
    phone: '',
    app_metadata: appMetadataOf(input.user),
    user_metadata: userMetadataOf(input.user),
    role: 'authenticated',
    aal: 'aal1',
    amr: input.session.amr,
    session_id: input.session.id,
    is_anonymous: false,
  };
}

/**
 * Signs an access token for the session and wraps it with the refresh token and user.
 *
 * @example
 * sendJson(res, 200, await accessTokenResponse({ keys, issuer, user, session, refreshToken, ttlSeconds }));
 */
export async function accessTokenResponse(input: {
  keys: SigningKeyRing;
  issuer: string;
  user: UserRecord;
  session: SessionRecord;
  refreshToken: string;
  ttlSeconds: number;
  now: () => Date;
}): Promise<AccessTokenResponse> {
  const claims = accessTokenClaims({ ...input, now: input.now() });
  return {
    access_token: await input.keys.sign(claims),
    token_type: 'bearer',
    expires_in: input.ttlSeconds,
    expires_at: claims.exp,
    refresh_token: input.refreshToken,
    user: toUserJson(input.user),
  };
}

/**
 * The answer of every grant that opens or continues a session (password, refresh token, sign-up):
 * 200 with an access token signed for the emulator's configured lifetime.
 */
export async function sessionGranted(
  deps: { keys: SigningKeyRing; issuer: string; now: () => Date; accessTokenTtlSeconds: number },
  grant: { user: UserRecord; session: SessionRecord; refreshToken: string },
): Promise<{ status: 200; body: AccessTokenResponse }> {
  return {
    status: 200,
    body: await accessTokenResponse({ ...deps, ...grant, ttlSeconds: deps.accessTokenTtlSeconds }),
  };
}
