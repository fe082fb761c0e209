/**
 * Reading a request body as JSON: `application/json` only, at most 256 KiB, and every way it can
 * go wrong answered with a 4xx rather than an exception from `JSON.parse` escaping as a 500.
 * Only the routes that take a body (`body: true` in the route table) may send one: a body the
 * API would ignore (say `{"org_id":…}` on a DELETE) is answered, not silently dropped.
 */
import { ApiError } from '../api-error';
import type { HttpMiddleware, HttpRequest } from './types';

/** The largest body accepted, in bytes after base64 decoding. */
export const MAX_BODY_BYTES = 256 * 1024;

const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** True when a body is present at all (API Gateway sends `null` for none). */
export function hasBody(body: string | null | undefined): body is string {
  return body !== null && body !== undefined && body !== '';
}

/**
 * The parsed JSON of a request body.
 *
 * - more than `maxBytes` → 413 `payload_too_large`
 * - a content type other than `application/json` (optionally `; charset=utf-8`) → 415 `unsupported_media_type`
 * - invalid base64, invalid UTF-8 or invalid JSON → 400 `bad_request`
 */
export function parseJsonBody(
  request: { body: string; isBase64Encoded: boolean; contentType: string | undefined },
  maxBytes: number = MAX_BODY_BYTES,
): unknown {
  const bytes = toBytes(request.body, request.isBase64Encoded, maxBytes);
  if (request.contentType === undefined || !JSON_MEDIA_TYPE.test(request.contentType.trim())) {
    throw new ApiError('unsupported_media_type', 'request body must be application/json');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new ApiError('bad_request', 'request body is not valid UTF-8', { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    // SyntaxError for bad JSON; RangeError if nesting exhausts the stack: both are the client's.
    throw new ApiError('bad_request', 'request body is not valid JSON', { cause });
  }
}

function toBytes(body: string, isBase64Encoded: boolean, maxBytes: number): Uint8Array {
  if (!isBase64Encoded) {
    // A UTF-16 string takes at least length and at most 3×length bytes in UTF-8: check cheaply first.
    if (body.length > maxBytes) throw tooLarge(maxBytes);
    const bytes = Buffer.from(body, 'utf8');
    if (bytes.length > maxBytes) throw tooLarge(maxBytes);
    return bytes;
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) {
    throw new ApiError('bad_request', 'request body is not valid base64');
  }
  if ((body.length / 4) * 3 - 2 > maxBytes) throw tooLarge(maxBytes);
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  return bytes;
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError('payload_too_large', `request body must be at most ${maxBytes / 1024} KiB`);
}

export function jsonBody(): HttpMiddleware {
  function jsonBodyMiddlewareBefore(request: HttpRequest): void {
    const { event, context } = request;
    const takesBody = context.route?.body === true;
    if (!hasBody(event.body)) {
      if (takesBody) throw new ApiError('bad_request', 'this route needs a JSON request body');
      return;
    }
    if (!takesBody) {
      throw new ApiError('validation_failed', 'this route takes no request body', {
        details: [{ field: 'body', message: 'is not allowed' }],
      });
    }
    context.jsonBody = parseJsonBody({
      body: event.body,
      isBase64Encoded: event.isBase64Encoded === true,
      contentType: event.headers?.['content-type'] ?? undefined,
    });
  }
  return { before: jsonBodyMiddlewareBefore };
}
