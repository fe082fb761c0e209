/**
 * Organisations. The internal (platform-key) routes read or change an org by id; the public
 * routes only ever pass the org of the caller's users row.
 */
import { ApiError } from '../api-error';
import { isUuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { type ActingCaller, type CallerRef, queryAs, type Scope } from './caller';
import { toOrg, toOrgWithMemberCount, type OrgRow } from './rows';
import { seatsOf } from './seats';
import { PLANS, type Org, type OrgWithSeats, type Plan } from './types';

/** An org row with the two counts its seats are made of (see {@link seatCounts}). */
type SeatCountedRow = OrgRow & { member_count: number; pending_count: number };

/** The SQL columns that count an org's seats: members, and pending invitations unexpired at `:now`. */
function seatCounts(org: string): string {
  return `(SELECT count(*)::int FROM users u WHERE u.org_id = ${org}.id) AS member_count,
             (SELECT count(*)::int FROM org_invitations i
               WHERE i.org_id = ${org}.id AND i.status = 'pending' AND i.expires_at > (:now AT TIME ZONE 'UTC')) AS pending_count`;
}

function toOrgWithSeats(row: SeatCountedRow): OrgWithSeats {
  const org = toOrgWithMemberCount(row);
  return {
    ...org,
    seats: seatsOf(org.plan, { members: org.memberCount, pendingInvitations: Number(row.pending_count) }),
  };
}

/**
 * The scope's org (the caller's, or one the platform names) with its number of members and its
 * seats (members + pending invitations unexpired at `now`, against the plan's limit), or null
 * when a trusted scope names no org (a malformed id included). One statement, the caller's row
 * included: `readBy` is that caller as the statement read it (`GET /api/me` shows it), absent in
 * a trusted scope.
 */
export async function getOrg(
  db: DataExecutor,
  { now = new Date(), ...scope }: Scope & { now?: Date },
): Promise<(OrgWithSeats & { readBy?: ActingCaller }) | null> {
  if (!('caller' in scope) && !isUuid(scope.orgId)) return null;
  const { rows, caller } = await queryAs<SeatCountedRow>(db, scope, {
    ctes: `result AS (
      SELECT o.id, o.name, o.plan, o.created_at,
             ${seatCounts('o')}
        FROM orgs o JOIN actor a ON o.id = a.caller_org_id)`,
    params: { now },
    idempotent: true,
  });
  const row = rows[0];
  if (!row) return null;
  return { ...toOrgWithSeats(row), ...(caller !== null ? { readBy: caller } : {}) };
}

/**
 * Changes an org's plan and records `org.plan_changed` (actor: the platform) in the same
 * statement; returns the updated org, or null when there is none with this id. The org row is
 * locked (`FOR UPDATE` returns its latest committed plan, so the event's `from` is true under
 * concurrent changes). A downgrade may leave the org above its seat limit: nobody is removed, new
 * invitations are refused until it is under the limit again. An unknown plan is a
 * `validation_failed` error.
 */
export async function setOrgPlan(
  db: DataExecutor,
  { orgId, plan }: { orgId: string; plan: Plan },
): Promise<Org | null> {
  if (!(PLANS as readonly string[]).includes(plan)) {
    throw new ApiError('validation_failed', `plan must be one of ${PLANS.join(', ')}`, {
      details: [{ field: 'plan', message: `must be one of ${PLANS.join(', ')}` }],
    });
  }
  if (!isUuid(orgId)) return null;
  const { rows } = await queryAs<OrgRow>(
    db,
    { orgId },
    {
      ctes: `before AS (
        SELECT o.id, o.name, o.plan, o.created_at FROM orgs o JOIN actor a ON o.id = a.caller_org_id FOR UPDATE OF o
      ), changed AS (
        UPDATE orgs o SET plan = :plan FROM before b WHERE o.id = b.id AND b.plan <> :plan RETURNING o.id
      ), event AS (
        INSERT INTO org_events (org_id, action, actor_id, target, details)
        SELECT b.id, 'org.plan_changed', NULL, jsonb_build_object('type', 'org', 'id', b.id),
               jsonb_build_object('from', b.plan, 'to', :plan::text)
          FROM before b JOIN changed c ON c.id = b.id
      ), result AS (
        SELECT b.id, b.name, :plan::text AS plan, b.created_at FROM before b
      )`,
      params: { plan },
    },
  );
  return rows[0] ? toOrg(rows[0]) : null;
}

/**
 * Renames the caller's org (the route's `admin`, read in this statement) and records
 * `org.renamed`; returns the org with its seats. One statement: the org row is locked
 * (`FOR UPDATE` returns its latest committed name, so the event's `from` is true under concurrent
 * renames), changed and recorded together. Setting the name it has changes and records nothing.
 */
export async function renameOrg(
  db: DataExecutor,
  {
    name,
    now = new Date(),
    ...scope
  }: ({ caller: CallerRef } | { orgId: string; actorId: string }) & {
    name: string;
    now?: Date;
  },
): Promise<OrgWithSeats | null> {
  const { rows } = await queryAs<SeatCountedRow>(db, scope, {
    ctes: `before AS (
      SELECT o.id, o.name, o.plan, o.created_at, a.caller_id AS actor_id
        FROM orgs o JOIN actor a ON o.id = a.caller_org_id
       FOR UPDATE OF o
    ), renamed AS (
      UPDATE orgs o SET name = :name FROM before b WHERE o.id = b.id AND b.name <> :name RETURNING o.id
    ), event AS (
      INSERT INTO org_events (org_id, action, actor_id, target, details)
      SELECT b.id, 'org.renamed', b.actor_id, jsonb_build_object('type', 'org', 'id', b.id),
             jsonb_build_object('from', b.name, 'to', :name::text)
        FROM before b JOIN renamed r ON r.id = b.id
    ), result AS (
      SELECT b.id, :name::text AS name, b.plan, b.created_at,
             ${seatCounts('b')}
        FROM before b
    )`,
    params: { name, now },
  });
  const row = rows[0];
  return row ? toOrgWithSeats(row) : null;
}
