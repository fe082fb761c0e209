/**
 * JS values → Data API `SqlParameter`s. The Data API binds a `stringValue` as `text`, so a string
 * meant for a uuid, numeric, date or json column must carry a `typeHint`, or PostgreSQL answers
 * `operator does not exist: uuid = text`. UUIDs are marked explicitly with {@link uuid} rather
 * than detected: detection would turn a user-supplied name that happens to look like a UUID into
 * a uuid parameter and break `name = :name`.
 */
import type { SqlParameter, TypeHint } from '@aws-sdk/client-rds-data';

const HINT = Symbol('data-api.typed-value');

/** A string value that travels with an explicit Data API `typeHint`. */
export interface TypedValue {
  readonly [HINT]: TypeHint;
  readonly value: string;
}

/** Anything a store may bind. `undefined` is refused: an unset value is a bug, pass `null`. */
export type SqlValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | Date
  | Uint8Array
  | TypedValue
  | readonly unknown[]
  | { readonly [key: string]: unknown };

export type SqlParameters = Readonly<Record<string, SqlValue>>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Thrown for a value that cannot be bound; always a programming error, never the client's. */
export class SqlParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlParameterError';
  }
}

function typed(hint: TypeHint, value: string): TypedValue {
  return { [HINT]: hint, value };
}

/** True when `value` is a canonical UUID string (any version). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/**
 * Binds a string as `uuid`. Throws on a malformed value: validate untrusted ids first.
 *
 * @example
 * await db.query('SELECT * FROM orgs WHERE id = :orgId', { orgId: uuid(orgId) });
 */
export function uuid(value: string): TypedValue {
  if (!isUuid(value)) throw new SqlParameterError('uuid() needs a canonical UUID string');
  return typed('UUID', value.toLowerCase());
}

/**
 * Binds an exact number (a decimal string or a bigint) as `numeric`.
 */
export function decimal(value: string | bigint): TypedValue {
  const text = typeof value === 'bigint' ? value.toString() : value;
  if (!DECIMAL_RE.test(text)) throw new SqlParameterError('decimal() needs a decimal number');
  return typed('DECIMAL', text);
}

/**
 * Binds a value as `json` (serialized with `JSON.stringify`). Plain objects and arrays are bound
 * this way without the wrapper; use it for a JSON string, number or boolean.
 */
export function json(value: unknown): TypedValue {
  const text = JSON.stringify(value);
  if (text === undefined) throw new SqlParameterError('json() cannot serialize this value');
  return typed('JSON', text);
}

/**
 * Binds a calendar date (`YYYY-MM-DD`) as `date`.
 */
export function date(value: string): TypedValue {
  if (!DATE_RE.test(value)) throw new SqlParameterError('date() needs YYYY-MM-DD');
  return typed('DATE', value);
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC: the only TIMESTAMP form the Data API accepts (no `T`, no zone). */
export function formatTimestampParameter(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new SqlParameterError('cannot bind an invalid Date');
  return value.toISOString().replace('T', ' ').replace('Z', '');
}

function isTypedValue(value: unknown): value is TypedValue {
  return typeof value === 'object' && value !== null && HINT in value;
}

/** One JS value as one Data API parameter. */
export function toSqlParameter(name: string, value: SqlValue): SqlParameter {
  if (value === null) return { name, value: { isNull: true } };
  if (value === undefined) throw new SqlParameterError(`parameter :${name} is undefined; pass null for SQL NULL`);
  if (isTypedValue(value)) return { name, value: { stringValue: value.value }, typeHint: value[HINT] };
  switch (typeof value) {
    case 'string':
      return { name, value: { stringValue: value } };
    case 'boolean':
      return { name, value: { booleanValue: value } };
    case 'bigint':
      return { name, value: { stringValue: value.toString() }, typeHint: 'DECIMAL' };
    case 'number':
      if (!Number.isFinite(value)) throw new SqlParameterError(`parameter :${name} is not a finite number`);
      if (Number.isInteger(value)) {
        if (!Number.isSafeInteger(value)) throw new SqlParameterError(`parameter :${name} is past 2^53; pass a bigint`);
        return { name, value: { longValue: value } };
      }
      return { name, value: { doubleValue: value } };
    default:
      break;
  }
  if (value instanceof Date)
    return { name, value: { stringValue: formatTimestampParameter(value) }, typeHint: 'TIMESTAMP' };
  if (value instanceof Uint8Array) return { name, value: { blobValue: value } };
  // Arrays too: the Data API rejects array parameters, so they travel as JSON.
  return { name, value: { stringValue: JSON.stringify(value) }, typeHint: 'JSON' };
}

/**
 * A parameter object as the Data API's `parameters` list.
 *
 * @example
 * toSqlParameters({ orgId: uuid(id), limit: 20 });
 * // [{ name: 'orgId', value: { stringValue: id }, typeHint: 'UUID' }, { name: 'limit', value: { longValue: 20 } }]
 */
export function toSqlParameters(params: SqlParameters = {}): SqlParameter[] {
  return Object.entries(params).map(([name, value]) => toSqlParameter(name, value));
}
