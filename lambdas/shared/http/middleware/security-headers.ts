/**
 * The security headers on every response, success or error. Its `onError` runs after the error
 * handler has turned the error into a response.
 */
import { addHeaders } from '../respond';
import { SECURITY_HEADERS } from '../security-headers';
import { checkOptions } from './options';
import type { HttpMiddleware, HttpRequest } from './types';

/**
 * @example
 * middy(dispatch).use(securityHeaders())
 */
export function securityHeaders(opts: Partial<Record<string, never>> = {}): HttpMiddleware {
  checkOptions('securityHeaders', {}, opts);
  function securityHeadersMiddlewareAfter(request: HttpRequest): void {
    if (request.response) addHeaders(request.response, SECURITY_HEADERS);
  }
  return { after: securityHeadersMiddlewareAfter, onError: securityHeadersMiddlewareAfter };
}
