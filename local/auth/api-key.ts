/**
 * The project's API keys and the `apikey` check Supabase's API gateway (Kong) makes before a
 * request reaches GoTrue, with the gateway's own answer shape (`{message, hint}`, no error code),
 * which supabase-js surfaces as an `AuthApiError` with status 401.
 *
 * Keys, as Supabase issues them: the publishable key (`sb_publishable_…`, role `anon`), the secret
 * key (`sb_secret_…`, role `service_role`), and the legacy `service_role` key, a JWT signed HS256
 * with the project's JWT secret. The new keys are not JWTs: the gateway stands a role JWT in for
 * them, which {@link apiKeyRole} plays.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignJWT } from 'jose';
import type { EndpointReply } from './endpoint';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;

export interface ApiKeys {
  /** `sb_publishable_…`: role `anon`. */
  publishable: string;
  /** `sb_secret_…`: role `service_role`. */
  secret: string;
  /** The legacy `service_role` key: an HS256 JWT `{iss: "supabase-demo", role: "service_role"}`. */
  legacyServiceRole: string;
}

function randomKey(prefix: string): string {
  let body = '';
  for (const byte of randomBytes(32)) body += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return `${prefix}${body}`;
}

/**
 * A new publishable key in Supabase's `sb_publishable_…` style (not a JWT).
 *
 * @example
 * generatePublishableKey(); // 'sb_publishable_Xq3…'
 */
export function generatePublishableKey(): string {
  return randomKey('sb_publishable_');
}

/** A new secret key in Supabase's `sb_secret_…` style (not a JWT). */
export function generateSecretKey(): string {
  return randomKey('sb_secret_');
}

/** A new HS256 JWT secret, as a Supabase project's legacy JWT secret (only legacy keys use it here). */
export function generateJwtSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The legacy `service_role` key the Supabase CLI prints: a long-lived HS256 JWT with the claims
 * of the CLI's (`iss: "supabase-demo"`, `role: "service_role"`), signed with `jwtSecret`.
 */
export async function legacyServiceRoleKey(jwtSecret: string, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ iss: 'supabase-demo', role: 'service_role', iat, exp: iat + TEN_YEARS_SECONDS })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(Buffer.from(jwtSecret));
}

function same(given: string, wanted: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(wanted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The role the gateway gives `value` when it is one of the project's API keys, else `undefined`.
 *
 * @example
 * apiKeyRole(keys.secret, keys); // 'service_role'
 */
export function apiKeyRole(value: string, keys: ApiKeys): 'anon' | 'service_role' | undefined {
  if (same(value, keys.publishable)) return 'anon';
  if (same(value, keys.secret) || same(value, keys.legacyServiceRole)) return 'service_role';
  return undefined;
}

/** The `apikey` header, or the `apikey` query parameter the gateway also accepts. */
export function presentedApiKey(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.apikey;
  const value = Array.isArray(header) ? header[0] : header;
  return value ?? url.searchParams.get('apikey');
}

/**
 * `null` when the request carries one of the project's keys as its `apikey`, else the gateway's
 * 401 answer.
 *
 * @example
 * const refusal = checkApiKey(req, url, deps.apiKeys);
 * if (refusal) return refusal;
 */
export function checkApiKey(req: IncomingMessage, url: URL, keys: ApiKeys): EndpointReply | null {
  const key = presentedApiKey(req, url);
  if (!key) {
    return {
      status: 401,
      body: { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' },
    };
  }
  if (!apiKeyRole(key, keys)) {
    return {
      status: 401,
      body: { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' },
    };
  }
  return null;
}
