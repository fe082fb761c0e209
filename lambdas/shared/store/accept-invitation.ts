/**
 * Accepting an invitation: the one way into an org other than creating it. One transaction:
 * the inviting org and the caller's current org (if any) are locked in id order, the invitation
 * is re-read under that lock (so of N concurrent accepts of one token exactly one sees it
 * pending), and the caller's users row is created in, or moved to, the inviting org.
 */
import { ApiError } from '../api-error';
import { uuid } from '../data-api/params';
import { withTransaction } from '../data-api/transaction';
import type { DataExecutor } from '../data-api/types';
import {
  hashInvitationToken,
  INVITATION_COLUMNS,
  INVITATION_NOT_FOUND,
  normalizeEmail,
  type InvitationRow,
} from './invitations';
import { isLastOwner, lockOrgs } from './org-lock';
import { recordOrgEvent } from './org-events';
import { USER_COLUMNS, toUser, type UserRow } from './rows';
import { countSeats } from './seats';
import { seatLimitOf } from './plans';
import type { Org, User } from './types';
import { LAST_OWNER_MESSAGE } from './members';

export interface AcceptResult {
  user: User;
  org: Org;
}

async function invitationByToken(tx: DataExecutor, tokenHash: string): Promise<InvitationRow | null> {
  const { rows } = await tx.query<InvitationRow>(
    `SELECT ${INVITATION_COLUMNS} FROM org_invitations WHERE token_hash = :tokenHash`,
    { tokenHash },
  );
  return rows[0] ?? null;
}

async function userById(tx: DataExecutor, userId: string): Promise<User | null> {
  const { rows } = await tx.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = :userId`, {
    userId: uuid(userId),
  });
  return rows[0] ? toUser(rows[0]) : null;
}

/**
 * Under the locks: what moving `user` out of their current org leaves behind. Refuses when they
 * are its last owner and others remain (`last_owner`), or its only member and it still has specs
 * (`org_not_empty`). Returns whether the org is then empty and must be deleted.
 */
async function checkLeavingOrg(tx: DataExecutor, user: User): Promise<{ deleteOrg: boolean }> {
  const { rows } = await tx.query<{ members: number; specs: number }>(
    `SELECT (SELECT count(*)::int FROM users WHERE org_id = :orgId) AS members,
            (SELECT count(*)::int FROM specs WHERE org_id = :orgId) AS specs`,
    { orgId: uuid(user.orgId) },
  );
  const { members, specs } = rows[0]!;
  if (members > 1) {
    if (user.role === 'owner' && (await isLastOwner(tx, { orgId: user.orgId, userId: user.id })))
      throw new ApiError('last_owner', `you are the last owner of your current organization: ${LAST_OWNER_MESSAGE}`);
    return { deleteOrg: false };
  }
  if (specs > 0)
    throw new ApiError(
      'org_not_empty',
      'you are the only member of your current organization and it still has specs: delete them (or invite someone to keep them) before joining another organization',
    );
  return { deleteOrg: true };
}

/**
 * Accepts the invitation whose token is `token` for the verified caller (`userId`, and the
 * token's verified `email`, which must equal the invitation's, case-insensitively).
 * - unknown, revoked, replaced or used token → `not_found`; email differs →
 *   `invitation_email_mismatch`; past its expiry at `now` → `invitation_expired`;
 * - already in this org → `already_member`; the org has no seat for one more member (after a
 *   downgrade) → `seat_limit_reached`;
 * - never synced: the users row is created in the inviting org, no personal org is made;
 * - in another org: see {@link checkLeavingOrg}; an org left empty is deleted in this transaction.
 */
export async function acceptInvitation(
  db: DataExecutor,
  { token, userId, email, now }: { token: string; userId: string; email: string | null; now: Date },
): Promise<AcceptResult> {
  const tokenHash = hashInvitationToken(token);
  return withTransaction(db, async (tx) => {
    // Read without locks only to learn which orgs to lock; both are read again under the locks.
    const seen = await invitationByToken(tx, tokenHash);
    if (seen === null || seen.status !== 'pending') throw new ApiError('not_found', INVITATION_NOT_FOUND);
    const seenUser = await userById(tx, userId);
    const orgs = await lockOrgs(tx, [seen.org_id, ...(seenUser ? [seenUser.orgId] : [])]);
    const invitation = await invitationByToken(tx, tokenHash);
    const org = orgs.get(seen.org_id);
    if (invitation === null || invitation.status !== 'pending' || org === undefined)
      throw new ApiError('not_found', INVITATION_NOT_FOUND);
    if (email === null || normalizeEmail(email) !== invitation.email)
      throw new ApiError(
        'invitation_email_mismatch',
        'this invitation was sent to another email address: sign in with that address to accept it',
      );
    if (Date.parse(invitation.expires_at) <= now.getTime())
      throw new ApiError('invitation_expired', 'this invitation has expired: ask for a new one');
    const user = await userById(tx, userId);
    // A concurrent sync or move changed the caller's org after we chose which orgs to lock.
    if ((user?.orgId ?? null) !== (seenUser?.orgId ?? null))
      throw new ApiError('service_unavailable', 'your account changed while accepting, retry');
    if (user !== null && user.orgId === org.id)
      throw new ApiError('already_member', 'you are already a member of this organization');
    const limit = seatLimitOf(org.plan);
    if (limit !== null && (await countSeats(tx, { orgId: org.id, now })).members + 1 > limit)
      throw new ApiError(
        'seat_limit_reached',
        `the organization's ${org.plan} plan has no free seat for another member: its owner must upgrade the plan`,
      );
    const leaving = user === null ? null : await checkLeavingOrg(tx, user);
    const joined = await joinOrg(tx, { userId, email, orgId: org.id, role: invitation.role, existing: user !== null });
    if (user !== null && leaving !== null) {
      if (leaving.deleteOrg) await tx.query(`DELETE FROM orgs WHERE id = :orgId`, { orgId: uuid(user.orgId) });
      else
        await recordOrgEvent(tx, {
          orgId: user.orgId,
          action: 'member.left',
          actorId: userId,
          target: { type: 'user', id: userId },
          details: { email: user.email, role: user.role, joinedOrgId: org.id },
        });
    }
    await tx.query(
      `UPDATE org_invitations SET status = 'accepted', closed_at = (:now AT TIME ZONE 'UTC'), accepted_by = :userId
        WHERE id = :invitationId AND status = 'pending'`,
      { invitationId: uuid(invitation.id), userId: uuid(userId), now },
    );
    await recordOrgEvent(tx, {
      orgId: org.id,
      action: 'invitation.accepted',
      actorId: userId,
      target: { type: 'invitation', id: invitation.id },
      details: { email: invitation.email, role: invitation.role },
    });
    await recordOrgEvent(tx, {
      orgId: org.id,
      action: 'member.joined',
      actorId: userId,
      target: { type: 'user', id: userId },
      details: { email: invitation.email, role: invitation.role, invitationId: invitation.id },
    });
    return { user: joined, org };
  });
}

async function joinOrg(
  tx: DataExecutor,
  {
    userId,
    email,
    orgId,
    role,
    existing,
  }: { userId: string; email: string | null; orgId: string; role: string; existing: boolean },
): Promise<User> {
  const params = { userId: uuid(userId), orgId: uuid(orgId), email, role };
  const { rows } = existing
    ? await tx.query<UserRow>(
        `UPDATE users SET org_id = :orgId, role = :role, email = :email, joined_at = now(), last_synced_at = now()
          WHERE id = :userId RETURNING ${USER_COLUMNS}`,
        params,
      )
    : // A concurrent first sync may insert the row first: then nothing is inserted and the caller retries.
      await tx.query<UserRow>(
        `INSERT INTO users (id, org_id, email, role) VALUES (:userId, :orgId, :email, :role)
         ON CONFLICT (id) DO NOTHING RETURNING ${USER_COLUMNS}`,
        params,
      );
  if (!rows[0]) throw new ApiError('service_unavailable', 'your account changed while accepting, retry');
  return toUser(rows[0]);
}
