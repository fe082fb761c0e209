/**
 * The org's row lock: every change to an org's members, invitations, roles or plan takes
 * `SELECT … FROM orgs WHERE id = :orgId FOR UPDATE` first, inside its transaction. Changes to one
 * org are thereby serialised, so counts read after the lock (seats, owners) stay true until the
 * commit. Each statement after the lock reads a fresh snapshot (READ COMMITTED), so it sees what
 * the previous holder committed.
 */
import { ApiError } from '../api-error';
import { uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { hasRole } from './roles';
import { ORG_COLUMNS, toOrg, type OrgRow } from './rows';
import type { Member, Org, Role } from './types';
import { findMember } from './member-rows';

/** Locks the org's row until the transaction ends; null when there is no such org. */
export async function lockOrg(tx: DataExecutor, { orgId }: { orgId: string }): Promise<Org | null> {
  const { rows } = await tx.query<OrgRow>(`SELECT ${ORG_COLUMNS} FROM orgs WHERE id = :orgId FOR UPDATE`, {
    orgId: uuid(orgId),
  });
  return rows[0] ? toOrg(rows[0]) : null;
}

/**
 * Locks several orgs in one order (by id), so two transactions locking the same pair never
 * deadlock. Returns the orgs found, by id.
 */
export async function lockOrgs(tx: DataExecutor, orgIds: string[]): Promise<Map<string, Org>> {
  const distinct = [...new Set(orgIds.map((id) => id.toLowerCase()))].sort();
  const found = new Map<string, Org>();
  for (const orgId of distinct) {
    const org = await lockOrg(tx, { orgId });
    if (org !== null) found.set(org.id, org);
  }
  return found;
}

/**
 * The acting member, re-read under the org lock: the role the auth context loaded may have
 * changed since. Not a member (any more), or below `minRole` → 403 `forbidden`.
 */
export async function requireActor(
  tx: DataExecutor,
  { orgId, actorId, minRole }: { orgId: string; actorId: string; minRole: Role },
): Promise<Member> {
  const actor = await findMember(tx, { orgId, userId: actorId });
  if (actor === null || !hasRole(actor.role, minRole))
    throw new ApiError('forbidden', `this needs the ${minRole} role in the organization`);
  return actor;
}

/** Under the org lock: true when no other owner than `userId` remains. */
export async function isLastOwner(tx: DataExecutor, { orgId, userId }: { orgId: string; userId: string }) {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users WHERE org_id = :orgId AND role = 'owner' AND id <> :userId`,
    { orgId: uuid(orgId), userId: uuid(userId) },
  );
  return rows[0]!.n === 0;
}
