/**
 * The store's domain objects: camelCase, timestamps as ISO-8601 UTC strings with milliseconds
 * (`2026-01-02T03:04:05.678Z`), ids as lower-case UUID strings.
 */

export const PLANS = ['free', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export interface Org {
  id: string;
  name: string;
  plan: Plan;
  createdAt: string;
}

/** An org as the internal routes show it. */
export interface OrgWithMemberCount extends Org {
  memberCount: number;
}

export interface User {
  /** The Supabase `sub`. */
  id: string;
  orgId: string;
  /** Null for a Supabase user without an email (phone sign-in). */
  email: string | null;
  role: Role;
  createdAt: string;
  lastSyncedAt: string;
}

export interface Spec {
  id: string;
  orgId: string;
  name: string;
  sourceUrl: string | null;
  /** The user who created it. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** One page of a list, newest first; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Seats of an org: members plus pending, unexpired invitations, against the plan's limit (null = unlimited). */
export interface Seats {
  used: number;
  limit: number | null;
}

/** An org with its seats, as `GET /api/org` and the internal API show it. */
export interface OrgWithSeats extends OrgWithMemberCount {
  seats: Seats;
}

/** A member of an org: a users row seen from the org. */
export interface Member {
  userId: string;
  email: string | null;
  role: Role;
  joinedAt: string;
}

export const INVITABLE_ROLES = ['admin', 'member'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

/** As stored; `expired` is derived: pending past `expiresAt`. */
export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'replaced' | 'expired';

export interface Invitation {
  id: string;
  orgId: string;
  /** Lower-cased. */
  email: string;
  role: InvitableRole;
  status: InvitationStatus;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

export const ORG_EVENT_ACTIONS = [
  'member.joined',
  'member.role_changed',
  'member.removed',
  'member.left',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'org.renamed',
  'org.plan_changed',
  'api_key.created',
  'api_key.revoked',
] as const;
export type OrgEventAction = (typeof ORG_EVENT_ACTIONS)[number];

/** Who acted: a user of the org, or the platform (the internal API). */
export type OrgEventActor = { type: 'user'; id: string } | { type: 'platform' };

/** What was acted on. */
export interface OrgEventTarget {
  type: 'user' | 'invitation' | 'org' | 'api_key';
  id: string;
}

export interface OrgEvent {
  id: string;
  orgId: string;
  action: OrgEventAction;
  actor: OrgEventActor;
  target: OrgEventTarget;
  details: Record<string, unknown>;
  createdAt: string;
}

/** An org API key as the store returns it: never the secret, never its hash. */
export interface OrgApiKey {
  id: string;
  orgId: string;
  name: string;
  scopes: string[];
  /** `intello_sk_` + the first 4 random characters. */
  start: string;
  /** The users id of whoever created it (they may have left since). */
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
