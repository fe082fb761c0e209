/**
 * What clients see of the store's objects: explicit field lists, so a column added to a table
 * never reaches a response by accident.
 */
import type { Org, OrgWithMemberCount, Spec, User } from '../store/types';

/** @example presentUser(user) // { id, email, role } */
export function presentUser(user: { id: string; email: string | null; role: string }) {
  return { id: user.id, email: user.email, role: user.role };
}

/** @example presentOrg(org) // { id, name, plan } */
export function presentOrg(org: Pick<Org, 'id' | 'name' | 'plan'>) {
  return { id: org.id, name: org.name, plan: org.plan };
}

/** @example presentSpec(spec) // { id, name, sourceUrl, createdBy, createdAt, updatedAt } */
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

/** The internal API's view of an org. @example presentPlatformOrg(org) // { id, name, plan, memberCount, createdAt } */
export function presentPlatformOrg(org: OrgWithMemberCount) {
  return { id: org.id, name: org.name, plan: org.plan, memberCount: org.memberCount, createdAt: org.createdAt };
}

/** The internal API's view of a user. @example presentPlatformUser(user) // { id, orgId, email, role, createdAt, lastSyncedAt } */
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
