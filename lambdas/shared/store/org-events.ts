/**
 * The audit log: one `org_events` row per change, written by the store in the same transaction
 * as the change. Append-only: nothing here updates or deletes a row (rows go only with their org).
 * No row ever holds a token.
 */
import { ApiError } from '../api-error';
import { uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { positionOf, qualified, queryAs, type Scope } from './caller';
import { decodeCursor, encodeCursor } from './cursor';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './specs';
import type { OrgEvent, OrgEventAction, OrgEventTarget, Page } from './types';

interface OrgEventRow {
  id: string;
  org_id: string;
  action: OrgEventAction;
  actor_id: string | null;
  target: OrgEventTarget;
  details: Record<string, unknown>;
  created_at: string;
}

const EVENT_COLUMNS = 'id, org_id, action, actor_id, target, details, created_at';

function toOrgEvent(row: OrgEventRow): OrgEvent {
  return {
    id: row.id,
    orgId: row.org_id,
    action: row.action,
    actor: row.actor_id === null ? { type: 'platform' } : { type: 'user', id: row.actor_id },
    target: row.target,
    details: row.details,
    createdAt: row.created_at,
  };
}

/**
 * One page of the org's events, newest first, ordered by (created_at, id) so pages never skip or
 * repeat a row. `limit` 1–100 (default 20); `cursor` is a previous page's `nextCursor`.
 */
export async function listOrgEvents(
  db: DataExecutor,
  { limit = DEFAULT_PAGE_SIZE, cursor, ...scope }: Scope & { limit?: number; cursor?: string | null },
): Promise<Page<OrgEvent>> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ApiError('validation_failed', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, {
      details: [{ field: 'limit', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` }],
    });
  }
  const after = await positionOf(db, scope, cursor, decodeCursor);
  const { rows } = await queryAs<OrgEventRow>(db, scope, {
    ctes: `result AS (
      SELECT ${qualified(EVENT_COLUMNS, 'e')} FROM org_events e JOIN actor a ON e.org_id = a.caller_org_id
       ${after ? `WHERE (e.created_at, e.id) < ((:afterCreatedAt AT TIME ZONE 'UTC'), :afterId)` : ''}
       ORDER BY e.created_at DESC, e.id DESC
       LIMIT :take)`,
    orderBy: 'created_at DESC, id DESC',
    params: after
      ? { afterCreatedAt: new Date(after.createdAt), afterId: uuid(after.id), take: limit + 1 }
      : { take: limit + 1 },
    idempotent: true,
  });
  const items = rows.slice(0, limit).map(toOrgEvent);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null;
  return { items, nextCursor };
}
