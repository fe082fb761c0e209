/**
 * CORS for the origins the configuration lists, and only those. The API takes bearer tokens,
 * never cookies, so credentials are not allowed. The headers go on every response, success or
 * error: the middleware's `onError` runs after the error handler, so a browser sees a 401 as a
 * 401 rather than as a CORS failure.
 */
import { ConfigError } from '../env';
import { addHeaders } from './respond';
import type { HttpMiddleware, HttpRequest } from './types';

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

/**
 * Validates configured origins: each `scheme://host[:port]`, lower-case, no path; `http:` only
 * for localhost. A `*` is refused: name the origins.
 */
export function parseAllowedOrigins(origins: readonly string[]): string[] {
  for (const origin of origins) {
    if (!ORIGIN.test(origin)) {
      throw new ConfigError(
        `CORS_ALLOWED_ORIGINS entries must be origins like https://app.example.com, got "${origin}"`,
      );
    }
    const { protocol, hostname } = new URL(origin);
    if (protocol === 'http:' && hostname !== 'localhost' && hostname !== '127.0.0.1') {
      throw new ConfigError(`CORS_ALLOWED_ORIGINS allows http: only for localhost, got "${origin}"`);
    }
  }
  return [...origins];
}

/**
 * The CORS headers of a response to a request from `origin`. `vary: origin` is always sent so
 * caches keep one copy per origin.
 *
 * @example
 * corsHeaders('https://evil.example', ['https://app.intello.io']) // { vary: 'origin' }: no allow-origin at all
 */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (origin === undefined || !allowed.includes(origin)) return { vary: 'origin' };
  return { vary: 'origin', 'access-control-allow-origin': origin };
}

export interface CorsOptions {
  allowedOrigins: readonly string[];
}

export function cors({ allowedOrigins }: CorsOptions): HttpMiddleware {
  const allowed = parseAllowedOrigins(allowedOrigins);
  function corsMiddlewareAfter(request: HttpRequest): void {
    if (request.response)
      addHeaders(request.response, corsHeaders(request.event.headers?.origin ?? undefined, allowed));
  }
  return { after: corsMiddlewareAfter, onError: corsMiddlewareAfter };
}
