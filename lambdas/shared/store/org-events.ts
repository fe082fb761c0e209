/**
 * The audit log: one `org_events` row per change, written by the store in the same statement
 * as the change. Append-only: nothing here updates or deletes a row (rows go only with their org).
 * No row ever holds a token.
 */
import type { DataExecutor } from '../data-api/types';
import type { Scope } from './caller';
import { newestFirstPage } from './page';
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
export function listOrgEvents(
  db: DataExecutor,
  page: Scope & { limit?: number; cursor?: string | null },
): Promise<Page<OrgEvent>> {
  return newestFirstPage(db, page, { table: 'org_events', alias: 'e', columns: EVENT_COLUMNS, toItem: toOrgEvent });
}
