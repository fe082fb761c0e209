/**
 * CORS as Supabase answers it, so supabase-js works from a browser page on any local origin:
 * every response allows any origin and exposes the headers supabase-js reads (without
 * `X-Supabase-Api-Version` exposed, a browser client would lose every error code), and
 * preflights are answered before the API key check, as browsers send them without one.
 */
import type { IncomingMessage } from 'node:http';

const DEFAULT_ALLOWED_HEADERS = 'authorization, apikey, content-type, x-client-info, x-supabase-api-version';

/**
 * Headers for every response.
 *
 * @example
 * for (const [name, value] of Object.entries(corsHeaders())) res.setHeader(name, value);
 */
export function corsHeaders(): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'X-Supabase-Api-Version, x-sb-error-code, Content-Length, Content-Type',
  };
}

/**
 * The extra headers of a preflight answer (status 204): the requested headers are allowed.
 *
 * @example
 * if (req.method === 'OPTIONS') { res.writeHead(204, { ...corsHeaders(), ...preflightHeaders(req) }); res.end(); }
 */
export function preflightHeaders(req: IncomingMessage): Record<string, string> {
  const requested = req.headers['access-control-request-headers'];
  return {
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'Access-Control-Allow-Headers':
      typeof requested === 'string' && requested !== '' ? requested : DEFAULT_ALLOWED_HEADERS,
    'Access-Control-Max-Age': '86400',
  };
}
