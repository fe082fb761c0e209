/**
 * The opaque list cursor: base64url of `<created_at ISO>|<id>`, the position of the last row of
 * a page in the list's order (created_at, id). Clients must not build one; a cursor that does
 * not decode to a value PostgreSQL accepts is a `validation_failed` error, never a 500.
 */
import { ApiError } from '../api-error';
import { isUuid } from '../data-api/params';

export interface CursorPosition {
  createdAt: string;
  id: string;
}

const ISO_MS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** PostgreSQL has no year 0 (JavaScript's `Date` does), and `timestamptz` input stops there. */
const EARLIEST = '0001-01-01T00:00:00.000Z';

/**
 * True for an instant exactly as `toISOString` writes it (so no February 31 or 24:00, which
 * `Date.parse` rolls over) in years 0001–9999, all of which PostgreSQL accepts.
 */
function isStoredInstant(value: string): boolean {
  if (!ISO_MS_RE.test(value) || value < EARLIEST) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

function invalid(): ApiError {
  return new ApiError('validation_failed', 'cursor is invalid', {
    details: [{ field: 'cursor', message: 'is not a cursor from a previous page' }],
  });
}

/**
 * @example
 * encodeCursor({ createdAt: '2026-01-02T03:04:05.678Z', id }); // 'MjAyNi0wMS0w…'
 */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names; throws `validation_failed` for anything {@link encodeCursor} did not make. */
export function decodeCursor(cursor: string): CursorPosition {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid();
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || createdAt === undefined || id === undefined) throw invalid();
  if (!isStoredInstant(createdAt) || !isUuid(id)) throw invalid();
  return { createdAt, id };
}
