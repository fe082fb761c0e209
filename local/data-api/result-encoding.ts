/**
 * Turns PostgreSQL text-format rows into Data API `Field`s (or `formattedRecords` objects),
 * typed per the service's mapping: integers as `longValue`, numeric as `stringValue`, floats as
 * `doubleValue`, bytea as base64 `blobValue`, json/uuid/enums as `stringValue`, 1-D arrays as
 * `arrayValue`, and the types AWS refuses (interval, timetz, money, geometry) refused.
 */
import { DataApiError } from './errors';
import type { FieldKind, TypeInfo } from './pg-types';
import { formatTime, formatTimestamp, formatTimestamptz, MultiDimensionalArrayError, parseArray } from './value-format';

/**
 * A `longValue` past 2^53 is a bigint, so that the JSON writer prints every digit as the service
 * does; a smaller one is a number, which prints the same and keeps the writer on its fast path.
 */
type Long = number | bigint;

export type OutField =
  | { isNull: true }
  | { longValue: Long }
  | { stringValue: string }
  | { doubleValue: number }
  | { booleanValue: boolean }
  | { blobValue: string }
  | { arrayValue: OutArray };

export type OutArray =
  | { longValues: Array<Long | null> }
  | { doubleValues: Array<number | null> }
  | { booleanValues: Array<boolean | null> }
  | { stringValues: Array<string | null> };

/** The `resultSetOptions` the request may carry. */
export interface ResultOptions {
  decimalReturnType?: 'STRING' | 'DOUBLE_OR_LONG';
  longReturnType?: 'STRING' | 'LONG';
}

/** Refuses a result with a type the real service cannot return, before any row is encoded. */
export function assertSupported(types: TypeInfo[]): void {
  for (const type of types) {
    if (type.kind === 'unsupported' || (type.elementOid !== undefined && type.kind === 'blob')) {
      throw new DataApiError(
        'UnsupportedResultException',
        `The result contains the unsupported data type ${type.name}.`,
      );
    }
  }
}

/**
 * One row as Data API fields.
 *
 * @example
 * encodeRow(['42', null], [int8Type, textType], {}); // [{ longValue: 42 }, { isNull: true }]
 */
export function encodeRow(row: Array<string | null>, types: TypeInfo[], options: ResultOptions): OutField[] {
  return row.map((text, index) => (text === null ? { isNull: true } : encodeValue(text, types[index]!, options)));
}

/** An integer's text as a number when that is exact, else as a bigint. */
function toLong(text: string): Long {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

function encodeValue(text: string, type: TypeInfo, options: ResultOptions): OutField {
  if (type.elementOid !== undefined) return { arrayValue: encodeArray(text, type) };
  return encodeScalar(text, type.kind, options);
}

function encodeScalar(text: string, kind: FieldKind, options: ResultOptions): OutField {
  switch (kind) {
    case 'long':
      return options.longReturnType === 'STRING' ? { stringValue: text } : { longValue: toLong(text) };
    case 'double':
      return Number.isFinite(Number(text)) ? { doubleValue: Number(text) } : { stringValue: text };
    case 'decimal':
      if (options.decimalReturnType === 'DOUBLE_OR_LONG') {
        if (/^-?\d+$/.test(text)) return { longValue: toLong(text) };
        if (Number.isFinite(Number(text))) return { doubleValue: Number(text) };
      }
      return { stringValue: text };
    case 'boolean':
      return { booleanValue: text === 't' };
    case 'blob':
      return { blobValue: Buffer.from(text.slice(2), 'hex').toString('base64') };
    default:
      return { stringValue: formatText(text, kind) };
  }
}

function formatText(text: string, kind: FieldKind): string {
  if (kind === 'timestamp') return formatTimestamp(text);
  if (kind === 'timestamptz') return formatTimestamptz(text);
  if (kind === 'time') return formatTime(text);
  return text;
}

function encodeArray(text: string, type: TypeInfo): OutArray {
  let elements: Array<string | null>;
  try {
    elements = parseArray(text);
  } catch (error) {
    if (error instanceof MultiDimensionalArrayError) {
      throw new DataApiError(
        'UnsupportedResultException',
        `The result contains the unsupported data type ${type.name} with more than one dimension.`,
      );
    }
    throw error;
  }
  switch (type.kind) {
    case 'long':
      return { longValues: elements.map((e) => (e === null ? null : toLong(e))) };
    case 'double':
      return { doubleValues: elements.map((e) => (e === null ? null : Number(e))) };
    case 'boolean':
      return { booleanValues: elements.map((e) => (e === null ? null : e === 't')) };
    default:
      return { stringValues: elements.map((e) => (e === null ? null : formatText(e, type.kind))) };
  }
}

/**
 * The value a `formattedRecords` object holds for a field: the field's own scalar, arrays as
 * JSON arrays, NULL as null.
 */
export function formattedValue(field: OutField): unknown {
  if ('isNull' in field) return null;
  if ('arrayValue' in field) return Object.values(field.arrayValue)[0];
  return Object.values(field)[0];
}
