/**
 * Supabase-shaped access tokens: claims as GoTrue issues them, minted with jose, plus a raw
 * signer that puts any header and payload text (even invalid JSON numbers such as `1e999`)
 * under a real ES256 signature for hostile cases.
 */
import { createHmac, randomUUID, sign, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AccessTokenClaims } from '../../../local/auth/access-token';
import type { TestSigningKey } from './keys';

/** Claims of a token, as a plain object (hostile tokens may carry anything). */
export type Claims = Record<string, unknown>;

/** The claims GoTrue puts in an access token (the auth emulator's type: one definition of them). */
export type SupabaseAccessTokenClaims = AccessTokenClaims;

export interface SupabaseClaimsOptions {
  /** `iss`, `{SUPABASE_URL}/auth/v1`. */
  issuer: string;
  /** Seconds since the epoch used for `iat` (default now). */
  nowSeconds?: number;
  /** `exp - iat` (default 3600, Supabase's default). */
  lifetimeSeconds?: number;
}

/**
 * The claims of a freshly issued Supabase access token for a signed-in (password) user.
 *
 * @example
 * const claims = { ...supabaseClaims({ issuer: server.issuer }), role: 'anon' };
 */
export function supabaseClaims({
  issuer,
  nowSeconds = Math.floor(Date.now() / 1000),
  lifetimeSeconds = 3600,
}: SupabaseClaimsOptions): SupabaseAccessTokenClaims {
  return {
    iss: issuer,
    sub: randomUUID(),
    aud: 'authenticated',
    exp: nowSeconds + lifetimeSeconds,
    iat: nowSeconds,
    email: 'ada@example.com',
    phone: '',
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: {},
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: nowSeconds }],
    session_id: randomUUID(),
    is_anonymous: false,
  };
}

/**
 * An ES256 token signed by `key` with header `{alg: 'ES256', kid, typ: 'JWT'}` (plus `header`).
 *
 * @example
 * const token = await mintAccessToken(key, supabaseClaims({ issuer: server.issuer }));
 * await handler({ type: 'TOKEN', authorizationToken: `Bearer ${token}`, methodArn });
 */
export async function mintAccessToken(
  key: TestSigningKey,
  claims: Claims,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

/** base64url of a string (UTF-8) or bytes. */
export const base64url = (input: string | Uint8Array): string => Buffer.from(input).toString('base64url');

const segment = (part: string | Record<string, unknown>): string =>
  base64url(typeof part === 'string' ? part : JSON.stringify(part));

/**
 * `header.payload.signature` with a real ES256 (IEEE P1363) signature over whatever the header
 * and payload say; strings are used verbatim as the JSON text.
 *
 * @example
 * signCompact({ alg: 'ES256', kid: key.kid, crit: ['exp'] }, claims, key.privateKey);
 * signCompact({ alg: 'ES256', kid: key.kid }, '{"exp":1e999}', key.privateKey);
 */
export function signCompact(
  header: string | Record<string, unknown>,
  payload: string | Claims,
  privateKey: KeyObject,
): string {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${base64url(sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }))}`;
}

/**
 * `header.payload.signature` with an HS256 signature under `secret` (a legacy Supabase secret, or
 * an ES256 public key's bytes in an algorithm-confusion attack).
 *
 * @example
 * signHs256({ alg: 'HS256', kid: key.kid }, claims, key.publicKey.export({ format: 'pem', type: 'spki' }));
 */
export function signHs256(header: Record<string, unknown>, payload: Claims, secret: string | Buffer): string {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${base64url(createHmac('sha256', secret).update(input).digest())}`;
}

/**
 * `header.payload.` re-signed: the same token with its signature segment replaced.
 *
 * @example
 * withSignature(token, base64url(Buffer.alloc(64))); // r = s = 0
 */
export function withSignature(token: string, signatureB64: string): string {
  return `${token.split('.').slice(0, 2).join('.')}.${signatureB64}`;
}
