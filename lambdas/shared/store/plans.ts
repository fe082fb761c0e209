/**
 * The one plan table: how many seats each plan sells. A seat is a member or a pending,
 * unexpired invitation (see `seats.ts`); `null` is unlimited.
 */
import type { Plan } from './types';

export const SEAT_LIMITS: Readonly<Record<Plan, number | null>> = {
  free: 3,
  pro: 25,
  enterprise: null,
};

/** The seat limit of a plan; null when unlimited. */
export function seatLimitOf(plan: Plan): number | null {
  return SEAT_LIMITS[plan];
}
