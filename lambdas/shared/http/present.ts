/**
 * What clients see of the store's objects: explicit field lists, so a column added to a table
 * never reaches a response by accident.
 */
import type { Org, OrgWithMemberCount, Spec, User } from '../store/types';

export function presentUser(user: { id: string; email: string | null; role: string }) {
  return { id: user.id, email: user.email, role: user.role };
}

export function presentOrg(org: Pick<Org, 'id' | 'name' | 'plan'>) {
  return { id: org.id, name: org.name, plan: org.plan };
}

export function presentSpec(spec: Spec) {
  return {
    id: spec.id,
    name: spec.name,
    sourceUrl: spec.sourceUrl,
    createdBy: spec.createdBy,
    createdAt: spec.createdAt,
    updatedAt: spec.updatedAt,
  };
}

/** The internal API's view of an org. */
export function presentPlatformOrg(org: OrgWithMemberCount) {
  return { id: org.id, name: org.name, plan: org.plan, memberCount: org.memberCount, createdAt: org.createdAt };
}

/** The internal API's view of a user. */
export function presentPlatformUser(user: User) {
  return {
    id: user.id,
    orgId: user.orgId,
    email: user.email,
    role: user.role,
    createdAt: user.createdAt,
    lastSyncedAt: user.lastSyncedAt,
  };
}
