/**
 * An org's members: listing them, changing their role, removing them (or a member leaving).
 * Every change runs in one transaction under the org's row lock, re-reads the actor's role there,
 * and records its audit event in that transaction. The rules:
 * - an admin may change members between `member` and `admin`, and remove members and admins;
 * - only an owner may grant or take away `owner`, or remove an owner;
 * - the last owner can be neither demoted, nor removed, nor leave (409 `last_owner`);
 * - anyone may leave (subject to the last-owner rule).
 * Another org's member is `not_found`, exactly as one that does not exist.
 */
import { ApiError } from '../api-error';
import { uuid } from '../data-api/params';
import { withTransaction } from '../data-api/transaction';
import type { DataExecutor } from '../data-api/types';
import { qualified, queryAs, type Scope } from './caller';
import { decodeCursor, encodeCursor } from './cursor';
import { findMember, MEMBER_COLUMNS, toMember, type MemberRow } from './member-rows';
import { isLastOwner, lockOrg, requireActor } from './org-lock';
import { recordOrgEvent } from './org-events';
import { hasRole } from './roles';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './specs';
import type { Member, Page, Role } from './types';

export const MEMBER_NOT_FOUND = 'member not found';
export const LAST_OWNER_MESSAGE = 'the organization must keep at least one owner: make another member owner first';

/**
 * One page of the org's members, oldest first, ordered by (joined_at, id) so pages never skip or
 * repeat a member. `limit` 1–100 (default 20); `cursor` is a previous page's `nextCursor`.
 */
export async function listMembers(
  db: DataExecutor,
  { limit = DEFAULT_PAGE_SIZE, cursor, ...scope }: Scope & { limit?: number; cursor?: string | null },
): Promise<Page<Member>> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ApiError('validation_failed', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, {
      details: [{ field: 'limit', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` }],
    });
  }
  const after = cursor ? decodeCursor(cursor) : null;
  const { rows } = await queryAs<MemberRow>(db, scope, {
    ctes: `result AS (
      SELECT ${qualified(MEMBER_COLUMNS, 'm')} FROM users m JOIN actor a ON m.org_id = a.caller_org_id
       ${after ? `WHERE (m.joined_at, m.id) > ((:afterJoinedAt AT TIME ZONE 'UTC'), :afterId)` : ''}
       ORDER BY m.joined_at, m.id
       LIMIT :take)`,
    orderBy: 'joined_at, id',
    params: after
      ? { afterJoinedAt: new Date(after.createdAt), afterId: uuid(after.id), take: limit + 1 }
      : { take: limit + 1 },
    idempotent: true,
  });
  const items = rows.slice(0, limit).map(toMember);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.joinedAt, id: last.userId }) : null;
  return { items, nextCursor };
}

/**
 * Sets a member's role. `admin` may move members between `member` and `admin`; granting or taking
 * away `owner` needs an owner; the last owner cannot be demoted. Setting the role a member already
 * has changes nothing and records nothing.
 */
export async function changeMemberRole(
  db: DataExecutor,
  { orgId, actorId, userId, role }: { orgId: string; actorId: string; userId: string; role: Role },
): Promise<Member> {
  return withTransaction(db, async (tx) => {
    await lockOrg(tx, { orgId });
    const actor = await requireActor(tx, { orgId, actorId, minRole: 'admin' });
    const target = await findMember(tx, { orgId, userId });
    if (target === null) throw new ApiError('not_found', MEMBER_NOT_FOUND);
    if ((role === 'owner' || target.role === 'owner') && !hasRole(actor.role, 'owner'))
      throw new ApiError('forbidden', 'only an owner may grant or take away the owner role');
    if (target.role === role) return target;
    if (target.role === 'owner' && (await isLastOwner(tx, { orgId, userId })))
      throw new ApiError('last_owner', LAST_OWNER_MESSAGE);
    const { rows } = await tx.query<MemberRow>(
      `UPDATE users SET role = :role WHERE org_id = :orgId AND id = :userId RETURNING ${MEMBER_COLUMNS}`,
      { orgId: uuid(orgId), userId: uuid(userId), role },
    );
    await recordOrgEvent(tx, {
      orgId,
      action: 'member.role_changed',
      actorId,
      target: { type: 'user', id: target.userId },
      details: { from: target.role, to: role },
    });
    return toMember(rows[0]!);
  });
}

/**
 * Removes a member, or lets the caller leave when `userId` is their own: their users row goes
 * (their next request gets 428, and `POST /auth/sync` makes them a fresh org); the specs they
 * created stay with the org. Removing someone else needs `admin`, and `owner` for an owner.
 */
export async function removeMember(
  db: DataExecutor,
  { orgId, actorId, userId }: { orgId: string; actorId: string; userId: string },
): Promise<void> {
  await withTransaction(db, async (tx) => {
    await lockOrg(tx, { orgId });
    const leaving = userId.toLowerCase() === actorId.toLowerCase();
    const actor = await requireActor(tx, { orgId, actorId, minRole: leaving ? 'member' : 'admin' });
    const target = leaving ? actor : await findMember(tx, { orgId, userId });
    if (target === null) throw new ApiError('not_found', MEMBER_NOT_FOUND);
    if (target.role === 'owner' && !hasRole(actor.role, 'owner'))
      throw new ApiError('forbidden', 'only an owner may remove an owner');
    if (target.role === 'owner' && (await isLastOwner(tx, { orgId, userId: target.userId })))
      throw new ApiError('last_owner', LAST_OWNER_MESSAGE);
    await tx.query(`DELETE FROM users WHERE org_id = :orgId AND id = :userId`, {
      orgId: uuid(orgId),
      userId: uuid(target.userId),
    });
    await recordOrgEvent(tx, {
      orgId,
      action: leaving ? 'member.left' : 'member.removed',
      actorId,
      target: { type: 'user', id: target.userId },
      details: { email: target.email, role: target.role },
    });
  });
}
