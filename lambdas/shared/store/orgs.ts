/**
 * Organisations. Only the internal (platform-key) routes read or change an org by id; a
 * customer's org is always the one on the caller's users row.
 */
import { ApiError } from '../api-error';
import { isUuid, uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { ORG_COLUMNS, toOrg, toOrgWithMemberCount, type OrgRow } from './rows';
import { PLANS, type Org, type OrgWithMemberCount, type Plan } from './types';

/**
 * An org with its number of members, or null when there is none with this id (a malformed id
 * included).
 */
export async function getOrg(db: DataExecutor, { orgId }: { orgId: string }): Promise<OrgWithMemberCount | null> {
  if (!isUuid(orgId)) return null;
  const { rows } = await db.query<OrgRow & { member_count: number }>(
    `SELECT o.id, o.name, o.plan, o.created_at,
            (SELECT count(*)::int FROM users u WHERE u.org_id = o.id) AS member_count
       FROM orgs o
      WHERE o.id = :orgId`,
    { orgId: uuid(orgId) },
  );
  return rows[0] ? toOrgWithMemberCount(rows[0]) : null;
}

/**
 * Changes an org's plan; returns the updated org, or null when there is none with this id.
 * An unknown plan is a `validation_failed` error.
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
  const { rows } = await db.query<OrgRow>(`UPDATE orgs SET plan = :plan WHERE id = :orgId RETURNING ${ORG_COLUMNS}`, {
    orgId: uuid(orgId),
    plan,
  });
  return rows[0] ? toOrg(rows[0]) : null;
}
