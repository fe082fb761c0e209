/**
 * A small strict validator for request bodies, query strings and path parameters. Strict means
 * an unknown field is an error: a client that sends `orgId` learns at once that it has no
 * effect. Every problem is listed in `details`, one entry per field.
 *
 * Kept deliberately small (no schema library in the bundle): strings, integers and booleans,
 * which is all the API takes. The middleware checks the path parameters, query string and body
 * of the matched route against its operation's schemas; a malformed path parameter is a 404 (an
 * id that cannot exist is not found), not a 400.
 */
import { ApiError, type ValidationDetail } from '../api-error';
import { isUuid } from '../data-api/params';
import type { OperationSpec } from './operation';
import type { HttpEvent, HttpMiddleware, HttpRequest } from './types';

export interface StringRule {
  type: 'string';
  optional?: boolean;
  /** `null` is accepted (and kept) when true: lets a PATCH clear a nullable column. */
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  format?: 'uuid' | 'https-url';
  enum?: readonly string[];
  /** Rejects leading or trailing whitespace and control characters. */
  trimmed?: boolean;
}

export interface IntegerRule {
  type: 'integer';
  optional?: boolean;
  min: number;
  max: number;
  /** Query strings and path params arrive as strings; parse them as base-10 integers. */
  fromString?: boolean;
}

/** A non-empty JSON array of distinct strings, each one of `values` (e.g. an API key's scopes). */
export interface EnumListRule {
  type: 'enumList';
  optional?: boolean;
  values: readonly string[];
}

export type FieldRule = StringRule | IntegerRule | EnumListRule;
export type ObjectSchema = Readonly<Record<string, FieldRule>>;

type RuleValue<R extends FieldRule> = R extends IntegerRule
  ? number
  : R extends EnumListRule
    ? R['values'][number][]
    : R extends { nullable: true }
      ? string | null
      : string;
type OptionalKeys<S extends ObjectSchema> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type RequiredKeys<S extends ObjectSchema> = Exclude<keyof S, OptionalKeys<S>>;

/** The value a schema accepts. */
export type Infer<S extends ObjectSchema> = { [K in RequiredKeys<S>]: RuleValue<S[K]> } & {
  [K in OptionalKeys<S>]?: RuleValue<S[K]>;
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
const CONTROL = /[\u0000-\u001f\u007f]/;
const INTEGER = /^(0|-?[1-9]\d{0,14})$/;
/** A hostile body can carry thousands of odd keys; the answer names a bounded few, each bounded. */
const MAX_DETAILS = 20;
const MAX_FIELD_NAME = 64;

function checkString(rule: StringRule, value: unknown): string | undefined {
  if (value === null && rule.nullable) return undefined;
  if (typeof value !== 'string') return 'must be a string';
  // A lone surrogate (a JSON "\ud800" escape) has no UTF-8 form: PostgreSQL would store U+FFFD instead.
  if (!value.isWellFormed()) return 'must be well-formed Unicode (no lone surrogates)';
  const length = [...value].length;
  if (rule.minLength !== undefined && length < rule.minLength)
    return rule.minLength === 1 ? 'must not be empty' : `must be at least ${rule.minLength} characters`;
  if (rule.maxLength !== undefined && length > rule.maxLength) return `must be at most ${rule.maxLength} characters`;
  if (rule.trimmed && (value.trim() !== value || CONTROL.test(value)))
    return 'must not start or end with whitespace or contain control characters';
  if (rule.enum !== undefined && !rule.enum.includes(value)) return `must be one of ${rule.enum.join(', ')}`;
  if (rule.format === 'uuid' && !isUuid(value)) return 'must be a UUID';
  if (rule.format === 'https-url' && !isHttpsUrl(value)) return 'must be an https URL';
  return undefined;
}

function isHttpsUrl(value: string): boolean {
  if (CONTROL.test(value) || value.trim() !== value) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
}

function checkInteger(rule: IntegerRule, value: unknown): { value?: number; problem?: string } {
  let n = value;
  if (rule.fromString) {
    if (typeof value !== 'string' || !INTEGER.test(value)) return { problem: 'must be an integer' };
    n = Number(value);
  }
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) return { problem: 'must be an integer' };
  if (n < rule.min || n > rule.max) return { problem: `must be between ${rule.min} and ${rule.max}` };
  return { value: n };
}

function checkEnumList(rule: EnumListRule, value: unknown): string | undefined {
  const allowed = `must be a non-empty array of distinct values from ${rule.values.join(', ')}`;
  if (!Array.isArray(value) || value.length === 0 || value.length > rule.values.length) return allowed;
  if (new Set(value).size !== value.length || value.some((v) => !rule.values.includes(v))) return allowed;
  return undefined;
}

function clip(key: string): string {
  return key.length > MAX_FIELD_NAME ? `${key.slice(0, MAX_FIELD_NAME)}…` : key;
}

/**
 * Checks `value` against `schema`; returns it typed, or throws `validation_failed` listing every
 * problem (`field` is prefixed with `prefix`, e.g. `query.limit`).
 */
export function validate<S extends ObjectSchema>(schema: S, value: unknown, prefix: string): Infer<S> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('validation_failed', `${prefix} must be a JSON object`, {
      details: [{ field: prefix, message: 'must be a JSON object' }],
    });
  }
  const input = value as Record<string, unknown>;
  const details: ValidationDetail[] = [];
  const output: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(schema, key)) details.push({ field: `${prefix}.${clip(key)}`, message: 'is not allowed' });
  }
  for (const [key, rule] of Object.entries(schema)) {
    const field = `${prefix}.${key}`;
    if (!Object.hasOwn(input, key) || input[key] === undefined) {
      if (!rule.optional) details.push({ field, message: 'is required' });
      continue;
    }
    if (rule.type === 'string') {
      const problem = checkString(rule, input[key]);
      if (problem !== undefined) details.push({ field, message: problem });
      else output[key] = input[key];
    } else if (rule.type === 'enumList') {
      const problem = checkEnumList(rule, input[key]);
      if (problem !== undefined) details.push({ field, message: problem });
      else output[key] = [...(input[key] as string[])];
    } else {
      const result = checkInteger(rule, input[key]);
      if (result.problem !== undefined) details.push({ field, message: result.problem });
      else output[key] = result.value;
    }
  }
  if (details.length > 0) {
    const shown = details.slice(0, MAX_DETAILS);
    const summary = shown
      .slice(0, 3)
      .map((d) => `${d.field} ${d.message}`)
      .join('; ');
    const more = details.length > 3 ? ` (and ${details.length - 3} more)` : '';
    throw new ApiError('validation_failed', `invalid request: ${summary}${more}`, { details: shown });
  }
  return output as Infer<S>;
}

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

export interface ValidateInputOptions {
  // biome-ignore lint/suspicious/noExplicitAny: the schemas, not this type, tie an operation's input to its run.
  operations: Readonly<Record<string, OperationSpec<any>>>;
}

export function validateInput({ operations }: ValidateInputOptions): HttpMiddleware {
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
