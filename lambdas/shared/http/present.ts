/**
 * What clients see of the store's objects: explicit field lists, so a column added to a table
 * never reaches a response by accident.
 */
import type { Invitation, Member, Org, OrgEvent, OrgWithSeats, Spec, User } from '../store/types';

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
export function presentPlatformOrg(org: OrgWithSeats) {
  return {
    id: org.id,
    name: org.name,
    plan: org.plan,
    memberCount: org.memberCount,
    seats: { used: org.seats.used, limit: org.seats.limit },
    createdAt: org.createdAt,
  };
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

/** `GET /api/org`: the caller's org with its seats (`limit` null when unlimited). */
export function presentTeamOrg(org: OrgWithSeats) {
  return {
    id: org.id,
    name: org.name,
    plan: org.plan,
    seats: { used: org.seats.used, limit: org.seats.limit },
    createdAt: org.createdAt,
  };
}

export function presentMember(member: Member) {
  return { userId: member.userId, email: member.email, role: member.role, joinedAt: member.joinedAt };
}

/** An invitation as admins see it; its token is never part of it. */
export function presentInvitation(invitation: Invitation) {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    status: invitation.status,
    expiresAt: invitation.expiresAt,
    invitedBy: invitation.invitedBy,
    createdAt: invitation.createdAt,
  };
}

export function presentOrgEvent(event: OrgEvent) {
  return {
    id: event.id,
    action: event.action,
    actor: event.actor,
    target: event.target,
    createdAt: event.createdAt,
    details: event.details,
  };
}
