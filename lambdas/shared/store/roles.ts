/**
 * The order of roles: `owner` > `admin` > `member`. The route table's `minRole` and the store's
 * checks under the org lock both read it from here.
 */
import type { Role } from './types';

const ROLE_RANK: Readonly<Record<Role, number>> = { member: 0, admin: 1, owner: 2 };

/** True when `role` is `min` or above; false for anything that is not a known role. */
export function hasRole(role: string, min: Role): boolean {
  return Object.hasOwn(ROLE_RANK, role) && ROLE_RANK[role as Role] >= ROLE_RANK[min];
}
