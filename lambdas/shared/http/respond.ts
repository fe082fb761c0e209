/**
 * Building API Gateway proxy responses. Every response is JSON; headers are lower-case so
 * later middlewares (security headers, CORS) can add to them without duplicates.
 */
import type { HttpResponse } from './types';

export const JSON_CONTENT_TYPE = 'application/json';

/** A JSON response; a 204 carries no body. */
export function jsonResponse(status: number, body?: unknown): HttpResponse {
  if (status === 204 || body === undefined) return { statusCode: status, headers: {}, body: '' };
  return { statusCode: status, headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(body) };
}

/** Adds headers to a response in place, keeping the ones it already has. */
export function addHeaders(response: HttpResponse, headers: Record<string, string>): void {
  response.headers = { ...headers, ...response.headers };
}
