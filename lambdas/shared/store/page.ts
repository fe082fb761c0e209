/**
 * Keyset pages of an org's rows: the page size rule every list shares, and the newest-first page
 * by `(created_at, id)` that specs and the audit log share, so pages never skip or repeat a row.
 */
import { ApiError } from '../api-error';
import { uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { positionOf, qualified, queryAs, type Scope } from './caller';
import { decodeCursor, encodeCursor } from './cursor';
import type { Page } from './types';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Refuses a page size outside 1–{@link MAX_PAGE_SIZE} as `validation_failed`. */
export function checkPageLimit(limit: number): void {
  if (Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_SIZE) return;
  throw new ApiError('validation_failed', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, {
    details: [{ field: 'limit', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` }],
  });
}

/** Where a newest-first page reads: an org-scoped table with `org_id`, `created_at` and `id`. */
export interface NewestFirstSource<Row, Item> {
  table: string;
  alias: string;
  columns: string;
  toItem: (row: Row) => Item;
}

/**
 * One page of the caller's org's rows of `source`, newest first, after the position of `cursor`
 * (a previous page's `nextCursor`). Times are compared as UTC explicitly: a TIMESTAMP parameter
 * has no zone of its own.
 */
export async function newestFirstPage<Row, Item extends { createdAt: string; id: string }>(
  db: DataExecutor,
  { limit = DEFAULT_PAGE_SIZE, cursor, ...scope }: Scope & { limit?: number; cursor?: string | null },
  { table, alias: t, columns, toItem }: NewestFirstSource<Row, Item>,
): Promise<Page<Item>> {
  checkPageLimit(limit);
  const after = await positionOf(db, scope, cursor, decodeCursor);
  const { rows } = await queryAs<Row>(db, scope, {
    ctes: `result AS (
      SELECT ${qualified(columns, t)}
        FROM ${table} ${t} JOIN actor a ON ${t}.org_id = a.caller_org_id
       ${after ? `WHERE (${t}.created_at, ${t}.id) < ((:afterCreatedAt AT TIME ZONE 'UTC'), :afterId)` : ''}
       ORDER BY ${t}.created_at DESC, ${t}.id DESC
       LIMIT :take)`,
    orderBy: 'created_at DESC, id DESC',
    params: after
      ? { afterCreatedAt: new Date(after.createdAt), afterId: uuid(after.id), take: limit + 1 }
      : { take: limit + 1 },
    idempotent: true,
  });
  const items = rows.slice(0, limit).map(toItem);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null;
  return { items, nextCursor };
}
