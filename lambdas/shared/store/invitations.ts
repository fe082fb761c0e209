/**
 * Invitations to join an org. The token (≥ 256 random bits) is returned once, to the inviter;
 * only its SHA-256 is stored. State machine: `pending` → `accepted` | `revoked` | `replaced`
 * (re-inviting the same email); a pending invitation past `expires_at` is `expired` (derived, not
 * stored) and can no longer be accepted. Every change runs under the org's row lock with its audit
 * event in the same transaction; `now` is injected so expiry is testable.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ApiError } from '../api-error';
import { isUuid, json, uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { type CallerRef, checkCaller, qualified, queryAs, type Scope } from './caller';
import { SEAT_LIMITS } from './plans';
import type { Invitation, InvitableRole, Plan } from './types';

/** How long an invitation can be accepted. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** At most this many pending invitations are listed (the seat limit bounds them below enterprise). */
export const MAX_LISTED_INVITATIONS = 1000;
export const INVITATION_NOT_FOUND = 'invitation not found';
const TOKEN_PREFIX = 'inv_';

export interface InvitationRow {
  id: string;
  org_id: string;
  email: string;
  role: InvitableRole;
  status: 'pending' | 'accepted' | 'revoked' | 'replaced';
  invited_by: string;
  created_at: string;
  expires_at: string;
}

export const INVITATION_COLUMNS = 'id, org_id, email, role, status, invited_by, created_at, expires_at';

export function toInvitation(row: InvitationRow, now: Date): Invitation {
  const expired = row.status === 'pending' && Date.parse(row.expires_at) <= now.getTime();
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    role: row.role,
    status: expired ? 'expired' : row.status,
    invitedBy: row.invited_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** The stored form of a token: hex SHA-256. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function seatLimitError(plan: Plan, limit: number): ApiError {
  return new ApiError(
    'seat_limit_reached',
    `the ${plan} plan has ${limit} seats and all are taken by members and pending invitations: upgrade the plan, or revoke an invitation or remove a member first`,
  );
}

/**
 * Invites `email` with `role` (an admin or owner, re-checked under the lock). An existing
 * member's email is `already_member`; a pending invitation for the same email is replaced (its
 * token stops working, the seat count does not change); otherwise the new invitation needs a free
 * seat (`seat_limit_reached`). Returns the invitation and its token, which is not stored. One
 * statement: the caller's row, then `create_invitation` (migration 0007) under the org row lock.
 * The email is stored as PostgreSQL's `lower()` makes it, the function every later comparison
 * uses (`accept_invitation`, the member check): JavaScript's `toLowerCase` differs from it for
 * some letters (a word-final Σ gives ς, where glibc's gives σ), and the invitee would be refused.
 */
export async function createInvitation(
  db: DataExecutor,
  {
    email,
    role,
    now,
    ...scope
  }: ({ caller: CallerRef } | { orgId: string; actorId: string }) & { email: string; role: InvitableRole; now: Date },
): Promise<{ invitation: Invitation; token: string }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const { rows } = await queryAs<InvitationRow & { outcome: string; org_plan: Plan; seat_limit: number }>(db, scope, {
    ctes: `result AS (
      SELECT c.* FROM actor a,
             create_invitation(a.caller_org_id, a.caller_id, lower(:email), :role, :tokenHash, :now::timestamptz,
                               :expiresAt::timestamptz, :expiresAtIso, :seatLimits::jsonb) c)`,
    params: {
      email,
      role,
      tokenHash: hashInvitationToken(token),
      now: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      expiresAtIso: expiresAt.toISOString(),
      seatLimits: json(SEAT_LIMITS),
    },
  });
  const row = rows[0];
  switch (row?.outcome) {
    case 'ok':
      return { invitation: toInvitation(row, now), token };
    case 'forbidden':
      throw new ApiError('forbidden', 'this needs the admin role in the organization');
    case 'already_member':
      throw new ApiError('already_member', 'a member of the organization already has this email');
    case 'seat_limit':
      throw seatLimitError(row.org_plan, row.seat_limit);
    default:
      throw new ApiError('not_found', 'organization not found');
  }
}

/** The org's pending invitations that have not expired at `now`, newest first. */
export async function listInvitations(
  db: DataExecutor,
  { now, ...scope }: Scope & { now: Date },
): Promise<Invitation[]> {
  const { rows } = await queryAs<InvitationRow>(db, scope, {
    ctes: `result AS (
      SELECT ${qualified(INVITATION_COLUMNS, 'i')} FROM org_invitations i JOIN actor a ON i.org_id = a.caller_org_id
       WHERE i.status = 'pending' AND i.expires_at > (:now AT TIME ZONE 'UTC')
       ORDER BY i.created_at DESC, i.id DESC
       LIMIT :take)`,
    orderBy: 'created_at DESC, id DESC',
    params: { now, take: MAX_LISTED_INVITATIONS },
    idempotent: true,
  });
  return rows.map((row) => toInvitation(row, now));
}

/**
 * Revokes a pending (or expired) invitation of the caller's org (the route's `admin`, read in
 * this statement): its token stops working and its seat is freed; `invitation.revoked` is
 * recorded in the same statement. Another org's invitation, or one no longer pending, is
 * `not_found`.
 */
export async function revokeInvitation(
  db: DataExecutor,
  {
    invitationId,
    now,
    ...scope
  }: ({ caller: CallerRef } | { orgId: string; actorId: string }) & { invitationId: string; now: Date },
): Promise<void> {
  if (!isUuid(invitationId)) {
    await checkCaller(db, scope);
    throw new ApiError('not_found', INVITATION_NOT_FOUND);
  }
  const { rows } = await queryAs<{ id: string }>(db, scope, {
    ctes: `revoked AS (
      UPDATE org_invitations i SET status = 'revoked', closed_at = (:now AT TIME ZONE 'UTC')
        FROM actor a
       WHERE i.org_id = a.caller_org_id AND i.id = :invitationId AND i.status = 'pending'
       RETURNING i.id, i.org_id, i.email, a.caller_id AS actor_id
    ), event AS (
      INSERT INTO org_events (org_id, action, actor_id, target, details)
      SELECT org_id, 'invitation.revoked', actor_id, jsonb_build_object('type', 'invitation', 'id', id),
             jsonb_build_object('email', email)
        FROM revoked
    ), result AS (SELECT id FROM revoked)`,
    params: { invitationId: uuid(invitationId), now },
  });
  if (!rows[0]) throw new ApiError('not_found', INVITATION_NOT_FOUND);
}
