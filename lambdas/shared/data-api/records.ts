/**
 * Data API `records` + `columnMetadata` → row objects. We ask for `includeResultMetadata` rather
 * than `formatRecordsAs: 'JSON'` because the column's type is needed to decode a value right: a
 * `timestamptz` arrives as `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC, no zone) and only the metadata
 * tells it from text that looks the same; `json`/`jsonb` arrive as text to parse; `numeric` stays
 * a string (exact); NULL is an explicit `isNull`, never confused with a missing key.
 */
import type { ArrayValue, ColumnMetadata, Field } from '@aws-sdk/client-rds-data';

/** Thrown when the service answers something this decoder does not understand. */
export class RecordDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordDecodeError';
  }
}

const TIMESTAMP_RE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?$/;

/**
 * A Data API timestamp (UTC, no zone) as ISO-8601 with a `Z`: at least millisecond precision,
 * finer digits kept when present so nothing is lost.
 *
 * @example
 * dataApiTimestampToIso('2026-01-02 03:04:05.6'); // '2026-01-02T03:04:05.600Z'
 */
export function dataApiTimestampToIso(value: string): string {
  const m = TIMESTAMP_RE.exec(value);
  if (!m) throw new RecordDecodeError('unexpected timestamp format from the Data API');
  let fraction = (m[3] ?? '').padEnd(3, '0');
  if (fraction.length > 3) fraction = fraction.replace(/0+$/, '').padEnd(3, '0');
  return `${m[1]}T${m[2]}.${fraction}Z`;
}

function decodeArray(value: ArrayValue): unknown[] {
  if (value.arrayValues) return value.arrayValues.map((v) => (v === null ? null : decodeArray(v)));
  return value.stringValues ?? value.longValues ?? value.doubleValues ?? value.booleanValues ?? [];
}

function decodeString(value: string, typeName: string): unknown {
  switch (typeName) {
    case 'timestamptz':
    case 'timestamp':
      return dataApiTimestampToIso(value);
    case 'json':
    case 'jsonb':
      return JSON.parse(value);
    default:
      return value;
  }
}

/** One field as a JS value, given its column's lower-case PostgreSQL type name. */
export function decodeField(field: Field, typeName = ''): unknown {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) return decodeString(field.stringValue, typeName);
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.blobValue !== undefined) return field.blobValue;
  if (field.arrayValue !== undefined) return decodeArray(field.arrayValue);
  throw new RecordDecodeError('unknown field kind from the Data API');
}

/**
 * Records as objects keyed by column label.
 */
export function decodeRecords<T>(records: Field[][] | undefined, columns: ColumnMetadata[] | undefined): T[] {
  if (!records) return [];
  if (!columns) throw new RecordDecodeError('records arrived without column metadata');
  const names = columns.map((c, i) => c.label ?? c.name ?? `column${i}`);
  const types = columns.map((c) => (c.typeName ?? '').toLowerCase());
  return records.map((record) => {
    const row: Record<string, unknown> = {};
    record.forEach((field, i) => {
      row[names[i] ?? `column${i}`] = decodeField(field, types[i]);
    });
    return row as T;
  });
}
