/**
 * CORS headers for the configured origins on every response, success or error: its `onError`
 * runs after the error handler, so a browser sees a 401 as a 401 rather than as a CORS failure.
 */
import { corsHeaders, parseAllowedOrigins } from '../cors';
import { addHeaders } from '../respond';
import { checkOptions } from './options';
import type { HttpMiddleware, HttpRequest } from './types';

export interface CorsOptions {
  allowedOrigins: readonly string[] | undefined;
}

const corsDefaults: CorsOptions = { allowedOrigins: undefined };

/**
 * @example
 * middy(dispatch).use(cors({ allowedOrigins: ['https://app.intello.io'] }))
 */
export function cors(opts: Partial<CorsOptions>): HttpMiddleware {
  const allowed = parseAllowedOrigins(
    checkOptions('cors', corsDefaults, opts, ['allowedOrigins']).allowedOrigins ?? [],
  );
  function corsMiddlewareAfter(request: HttpRequest): void {
    if (request.response)
      addHeaders(request.response, corsHeaders(request.event.headers?.origin ?? undefined, allowed));
  }
  return { after: corsMiddlewareAfter, onError: corsMiddlewareAfter };
}
