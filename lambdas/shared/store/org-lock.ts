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
