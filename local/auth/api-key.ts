/**
 * The `apikey` check Supabase's API gateway (Kong) makes before a request reaches GoTrue, with
 * the gateway's own answer shape (`{message, hint}`, no error code), which supabase-js surfaces
 * as an `AuthApiError` with status 401.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { EndpointReply } from './endpoint';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new publishable key in Supabase's `sb_publishable_…` style (not a JWT).
 *
 * @example
 * generatePublishableKey(); // 'sb_publishable_Xq3…'
 */
export function generatePublishableKey(): string {
  const bytes = randomBytes(32);
  let body = '';
  for (const byte of bytes) body += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return `sb_publishable_${body}`;
}

function presentedKey(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.apikey;
  const value = Array.isArray(header) ? header[0] : header;
  return value ?? url.searchParams.get('apikey');
}

/**
 * `null` when the request carries `expected` as its `apikey` header (or query parameter, which
 * the gateway also accepts), else the gateway's 401 answer.
 *
 * @example
 * const refusal = checkApiKey(req, url, emulator.anonKey);
 * if (refusal) return refusal;
 */
export function checkApiKey(req: IncomingMessage, url: URL, expected: string): EndpointReply | null {
  const key = presentedKey(req, url);
  if (!key) {
    return {
      status: 401,
      body: { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' },
    };
  }
  const given = Buffer.from(key);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return {
      status: 401,
      body: { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' },
    };
  }
  return null;
}
