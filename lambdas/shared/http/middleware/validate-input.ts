/**
 * Validates the path parameters, query string and body of the matched route against its
 * operation's schemas, strictly: unknown fields are `validation_failed`. A malformed path
 * parameter is a 404 (an id that cannot exist is not found), not a 400.
 */
import { ApiError } from '../../api-error';
import type { OperationSpec } from '../operation';
import type { HttpEvent } from '../types';
import { validate, type ObjectSchema } from '../validate';
import { checkOptions } from './options';
import type { HttpMiddleware, HttpRequest } from './types';

export interface ValidateInputOptions {
  // biome-ignore lint/suspicious/noExplicitAny: the schemas, not this type, tie an operation's input to its run.
  operations: Readonly<Record<string, OperationSpec<any>>>;
}

const defaults: ValidateInputOptions = { operations: {} };
const EMPTY: ObjectSchema = {};

function queryOf(event: HttpEvent): Record<string, string> {
  const multi = event.multiValueQueryStringParameters ?? {};
  const repeated = Object.entries(multi)
    .filter(([, values]) => (values?.length ?? 0) > 1)
    .map(([name]) => name);
  if (repeated.length > 0) {
    throw new ApiError('validation_failed', `query parameters may appear once: ${repeated.join(', ')}`, {
      details: repeated.map((name) => ({ field: `query.${name}`, message: 'must appear once' })),
    });
  }
  return { ...(event.queryStringParameters ?? {}) } as Record<string, string>;
}

/**
 * @example
 * middy(dispatch).use(validateInput({ operations }))
 */
export function validateInput(opts: Partial<ValidateInputOptions>): HttpMiddleware {
  const { operations } = checkOptions('validateInput', defaults, opts);

  function validateInputMiddlewareBefore(request: HttpRequest): void {
    const { context, event } = request;
    const name = context.route?.operation ?? '';
    const spec = operations[name];
    if (spec === undefined)
      throw new ApiError('internal_error', 'internal error', { cause: new Error(`no operation named ${name}`) });
    let params: Record<string, unknown>;
    try {
      params = validate(spec.params ?? EMPTY, { ...(event.pathParameters ?? {}) }, 'path');
    } catch (cause) {
      throw new ApiError('not_found', spec.notFound ?? 'resource not found', { cause });
    }
    const query = validate(spec.query ?? EMPTY, queryOf(event), 'query');
    const body = spec.body === undefined ? undefined : validate(spec.body, context.jsonBody, 'body');
    context.input = { params, query, body };
  }
  return { before: validateInputMiddlewareBefore };
}
