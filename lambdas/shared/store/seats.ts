/**
 * Seat arithmetic: seats used = members + pending invitations that have not expired at `now`.
 * Read under the org lock when a decision rests on it (see `org-lock.ts`).
 */
import { uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { seatLimitOf } from './plans';
import type { Plan, Seats } from './types';

export interface SeatCounts {
  members: number;
  pendingInvitations: number;
}

/** The org's members and pending, unexpired invitations, in one statement. */
export async function countSeats(db: DataExecutor, { orgId, now }: { orgId: string; now: Date }): Promise<SeatCounts> {
  const { rows } = await db.query<{ members: number; pending: number }>(
    `SELECT (SELECT count(*)::int FROM users WHERE org_id = :orgId) AS members,
            (SELECT count(*)::int FROM org_invitations
              WHERE org_id = :orgId AND status = 'pending' AND expires_at > (:now AT TIME ZONE 'UTC')) AS pending`,
    { orgId: uuid(orgId), now },
  );
  return { members: rows[0]!.members, pendingInvitations: rows[0]!.pending };
}

export function seatsOf(plan: Plan, counts: SeatCounts): Seats {
  return { used: counts.members + counts.pendingInvitations, limit: seatLimitOf(plan) };
}

/** True when `extra` more seats fit under the plan's limit. */
export function seatsFree(seats: Seats, extra: number): boolean {
  return seats.limit === null || seats.used + extra <= seats.limit;
}
