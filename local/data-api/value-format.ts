/**
 * PostgreSQL text-format values rewritten into the Data API's forms: timestamps as
 * `YYYY-MM-DD HH:MM:SS[.fff]` in UTC with no zone, fractions as the service's Java formatter
 * prints them (none when zero, milliseconds when they suffice, else microseconds), arrays
 * split into their elements.
 */
import { parse as parsePgArray } from 'postgres-array';

/**
 * A fractional-seconds part in the service's form: `''`, `.fff` or `.ffffff`.
 *
 * @example
 * formatFraction('12'); // '.120'
 * formatFraction('1234'); // '.123400'
 */
export function formatFraction(digits: string | undefined): string {
  if (!digits || /^0*$/.test(digits)) return '';
  const micros = digits.padEnd(6, '0').slice(0, 6);
  return micros.endsWith('000') ? `.${micros.slice(0, 3)}` : `.${micros}`;
}

const TIME = /^(\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/;
const TIMESTAMP = /^(\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.(\d+))?( BC)?$/;
const TIMESTAMPTZ =
  /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?( BC)?$/;

/** `HH:MM:SS[.fff]` from PostgreSQL's `time` output. */
export function formatTime(text: string): string {
  const match = TIME.exec(text);
  return match ? `${match[1]}${formatFraction(match[2])}` : text;
}

/** `YYYY-MM-DD HH:MM:SS[.fff]` from PostgreSQL's `timestamp` output (`infinity` passes through). */
export function formatTimestamp(text: string): string {
  const match = TIMESTAMP.exec(text);
  return match ? `${match[1]}${formatFraction(match[2])}${match[3] ?? ''}` : text;
}

/**
 * `YYYY-MM-DD HH:MM:SS[.fff]` in UTC from PostgreSQL's `timestamptz` output, whatever the
 * session's TimeZone (the emulator's sessions are UTC, but a statement may `SET TIME ZONE`).
 *
 * @example
 * formatTimestamptz('2024-01-02 03:04:05.5+02'); // '2024-01-02 01:04:05.500'
 */
export function formatTimestamptz(text: string): string {
  const m = TIMESTAMPTZ.exec(text);
  if (!m) return text;
  const [, y, mo, d, h, mi, s, fraction, sign, oh, om, os, bc] = m;
  const offsetSeconds = (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0));
  if (offsetSeconds === 0 || bc) return `${y}-${mo}-${d} ${h}:${mi}:${s}${formatFraction(fraction)}${bc ?? ''}`;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s) - offsetSeconds, 0);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${formatFraction(fraction)}`
  );
}

/** Thrown by {@link parseArray} for arrays the Data API cannot return (more than one dimension). */
export class MultiDimensionalArrayError extends Error {
  constructor() {
    super('multi-dimensional array');
    this.name = 'MultiDimensionalArrayError';
  }
}

/**
 * The elements of a one-dimensional array literal (`{1,NULL,"a,b"}`), NULL as null, parsed by
 * `postgres-array` (node-postgres's own parser).
 */
export function parseArray(text: string): Array<string | null> {
  // `[1:2]={…}` bounds mean an array not indexed from 1, which postgres-array would silently drop.
  if (!text.startsWith('{')) throw new MultiDimensionalArrayError();
  const elements: unknown[] = parsePgArray(text);
  if (elements.some(Array.isArray)) throw new MultiDimensionalArrayError();
  return elements as Array<string | null>;
}
