/**
 * Database rows → domain objects. SQL selects columns under their snake_case names and these
 * functions are the only place that knows both spellings.
 */
import type { Org, OrgWithMemberCount, Plan, Role, Spec, User } from './types';

export interface OrgRow {
  id: string;
  name: string;
  plan: Plan;
  created_at: string;
}

export interface UserRow {
  id: string;
  org_id: string;
  email: string | null;
  role: Role;
  created_at: string;
  last_synced_at: string;
}

export interface SpecRow {
  id: string;
  org_id: string;
  name: string;
  source_url: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export const ORG_COLUMNS = 'id, name, plan, created_at';
export const USER_COLUMNS = 'id, org_id, email, role, created_at, last_synced_at';
export const SPEC_COLUMNS = 'id, org_id, name, source_url, created_by, created_at, updated_at';

export function toOrg(row: OrgRow): Org {
  return { id: row.id, name: row.name, plan: row.plan, createdAt: row.created_at };
}

export function toOrgWithMemberCount(row: OrgRow & { member_count: number }): OrgWithMemberCount {
  return { ...toOrg(row), memberCount: Number(row.member_count) };
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    role: row.role,
    createdAt: row.created_at,
    lastSyncedAt: row.last_synced_at,
  };
}

export function toSpec(row: SpecRow): Spec {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    sourceUrl: row.source_url,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
