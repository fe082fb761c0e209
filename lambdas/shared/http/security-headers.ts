/**
 * The security headers of every response, success or error (the middleware's `onError` runs
 * after the error handler has turned the error into a response). The API serves JSON only, so
 * the policy forbids everything a browser could do with a response besides reading it through
 * `fetch`.
 */
import { addHeaders } from './respond';
import type { HttpMiddleware, HttpRequest } from './types';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
});

export function securityHeaders(): HttpMiddleware {
  function securityHeadersMiddlewareAfter(request: HttpRequest): void {
    if (request.response) addHeaders(request.response, SECURITY_HEADERS);
  }
  return { after: securityHeadersMiddlewareAfter, onError: securityHeadersMiddlewareAfter };
}
