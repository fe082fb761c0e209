/**
 * Binds Data API `SqlParameter`s the way the real service does: each value with an explicit
 * PostgreSQL type (a `stringValue` is `text`, not an untyped literal), so type errors that
 * happen on AWS happen here too.
 */
import { DataApiError } from './errors';
import { OID } from './pg-types';

/** A Data API parameter as it arrives on the wire (`longValue` kept as its JSON source text). */
export interface WireParameter {
  name?: string;
  value?: Record<string, unknown>;
  typeHint?: string;
}

/** Values in PostgreSQL text format and their type OIDs, in `$n` order. */
export interface BoundParameters {
  values: Array<string | null>;
  types: number[];
}

const HINT_OID: Record<string, number> = {
  UUID: OID.uuid,
  TIMESTAMP: OID.timestamp,
  DATE: OID.date,
  TIME: OID.time,
  DECIMAL: OID.numeric,
  JSON: OID.json,
};

/** The literal forms the service documents for the date and time hints. */
const HINT_FORMAT: Record<string, { pattern: RegExp; form: string }> = {
  TIMESTAMP: { pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/, form: 'YYYY-MM-DD HH:MM:SS[.FFF]' },
  DATE: { pattern: /^\d{4}-\d{2}-\d{2}$/, form: 'YYYY-MM-DD' },
  TIME: { pattern: /^\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/, form: 'HH:MM:SS[.FFF]' },
};

/**
 * Binds `parameters` to the placeholder `names` produced by the SQL rewrite. A placeholder with
 * no parameter is a `BadRequestException`; a parameter no placeholder uses is ignored.
 *
 * @example
 * bindParameters([{ name: 'id', value: { stringValue: 'a' }, typeHint: 'UUID' }], ['id']);
 * // { values: ['a'], types: [2950] }
 */
export function bindParameters(parameters: WireParameter[] | undefined, names: string[]): BoundParameters {
  const byName = new Map<string, WireParameter>();
  for (const parameter of parameters ?? []) {
    if (typeof parameter?.name !== 'string' || parameter.name === '') {
      throw new DataApiError('BadRequestException', 'Parameter name must be a non-empty string.');
    }
    if (byName.has(parameter.name)) {
      throw new DataApiError('BadRequestException', `Parameter ${parameter.name} is specified more than once.`);
    }
    byName.set(parameter.name, parameter);
  }
  const values: Array<string | null> = [];
  const types: number[] = [];
  for (const name of names) {
    const parameter = byName.get(name);
    if (!parameter) {
      throw new DataApiError('BadRequestException', `No value specified for parameter: ${name}`);
    }
    const [value, type] = bindOne(parameter);
    values.push(value);
    types.push(type);
  }
  return { values, types };
}

function bindOne(parameter: WireParameter): [string | null, number] {
  const field = parameter.value ?? {};
  const hint = parameter.typeHint;
  if (hint !== undefined && !(hint in HINT_OID)) {
    throw new DataApiError('ValidationException', `Invalid typeHint ${hint} for parameter ${parameter.name}.`);
  }
  const keys = Object.keys(field);
  if (keys.length !== 1) {
    throw new DataApiError('BadRequestException', `Parameter ${parameter.name} must have exactly one value field.`);
  }
  const key = keys[0]!;
  const raw = field[key];
  switch (key) {
    case 'isNull':
      // An untyped NULL lets PostgreSQL infer the type from context, as AWS's NULLs do.
      return [null, hint ? HINT_OID[hint]! : OID.unspecified];
    case 'stringValue':
      if (typeof raw !== 'string') break;
      if (hint) return [checkHintFormat(parameter.name!, hint, raw), HINT_OID[hint]!];
      return [raw, OID.text];
    case 'longValue':
      if ((typeof raw !== 'string' || !/^-?\d+$/.test(raw)) && !Number.isSafeInteger(raw)) break;
      return [String(raw), OID.int8];
    case 'doubleValue':
      if (typeof raw !== 'number') break;
      return [String(raw), OID.float8];
    case 'booleanValue':
      if (typeof raw !== 'boolean') break;
      return [raw ? 't' : 'f', OID.bool];
    case 'blobValue':
      if (typeof raw !== 'string') break;
      return [`\\x${Buffer.from(raw, 'base64').toString('hex')}`, OID.bytea];
    case 'arrayValue':
      throw new DataApiError('ValidationException', 'Array parameters are not supported.');
    default:
      throw new DataApiError('BadRequestException', `Unknown value type ${key} for parameter ${parameter.name}.`);
  }
  throw new DataApiError('BadRequestException', `Invalid ${key} for parameter ${parameter.name}.`);
}

function checkHintFormat(name: string, hint: string, value: string): string {
  const format = HINT_FORMAT[hint];
  if (format && !format.pattern.test(value)) {
    throw new DataApiError(
      'BadRequestException',
      `Invalid ${hint} value for parameter ${name}: "${value}". Expected ${format.form}.`,
    );
  }
  return value;
}
