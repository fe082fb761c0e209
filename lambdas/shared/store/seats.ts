/**
 * Seat arithmetic: seats used = members + pending invitations that have not expired at `now`.
 * The counts behind a decision are read under the org's row lock, inside the functions of
 * migration 0007; this is how a read presents them.
 */
import { seatLimitOf } from './plans';
import type { Plan, Seats } from './types';

export interface SeatCounts {
  members: number;
  pendingInvitations: number;
}

export function seatsOf(plan: Plan, counts: SeatCounts): Seats {
  return { used: counts.members + counts.pendingInvitations, limit: seatLimitOf(plan) };
}
