/**
 * Parses the JSON body of the routes that take one (`body: true` in the route table) and
 * refuses a body on the routes that do not: a body the API would ignore (say `{"org_id":…}` on a
 * DELETE) is answered, not silently dropped.
 */
import { ApiError } from '../../api-error';
import { hasBody, MAX_BODY_BYTES, parseJsonBody } from '../json-body';
import { checkOptions } from './options';
import type { HttpMiddleware, HttpRequest } from './types';

export interface JsonBodyOptions {
  maxBytes: number;
}

const defaults: JsonBodyOptions = { maxBytes: MAX_BODY_BYTES };

/**
 * @example
 * middy(dispatch).use(jsonBody())
 */
export function jsonBody(opts: Partial<JsonBodyOptions> = {}): HttpMiddleware {
  const { maxBytes } = checkOptions('jsonBody', defaults, opts);
  if (!Number.isInteger(maxBytes) || maxBytes <= 0)
    throw new TypeError('jsonBody: option "maxBytes" must be a positive integer');

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
    context.jsonBody = parseJsonBody(
      {
        body: event.body,
        isBase64Encoded: event.isBase64Encoded === true,
        contentType: event.headers?.['content-type'] ?? undefined,
      },
      maxBytes,
    );
  }
  return { before: jsonBodyMiddlewareBefore };
}
