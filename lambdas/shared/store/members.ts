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
import type { DataExecutor } from '../data-api/types';
import { type CallerRef, positionOf, qualified, queryAs, type Scope } from './caller';
import { decodeCursor, encodeCursor } from './cursor';
import { MEMBER_COLUMNS, toMember, type MemberRow } from './member-rows';
import { checkPageLimit, DEFAULT_PAGE_SIZE } from './page';
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
  checkPageLimit(limit);
  const after = await positionOf(db, scope, cursor, decodeCursor);
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

/** The refusals `change_member_role` and `remove_member` (migration 0007) answer with. */
const MEMBER_CHANGE_REFUSALS: Readonly<Record<string, () => ApiError>> = {
  forbidden: () => new ApiError('forbidden', 'this needs the admin role in the organization'),
  forbidden_admin: () => new ApiError('forbidden', 'this needs the admin role in the organization'),
  forbidden_member: () => new ApiError('forbidden', 'this needs the member role in the organization'),
  not_found: () => new ApiError('not_found', MEMBER_NOT_FOUND),
  last_owner: () => new ApiError('last_owner', LAST_OWNER_MESSAGE),
};

function refusalOf(outcome: string | undefined, ownerMessage: string): ApiError {
  if (outcome === 'forbidden_owner') return new ApiError('forbidden', ownerMessage);
  const refusal = outcome === undefined ? undefined : MEMBER_CHANGE_REFUSALS[outcome];
  return refusal?.() ?? new ApiError('internal_error', 'internal error', { cause: new Error(`outcome ${outcome}`) });
}

/** The actor's scope for a member change: the caller, or (trusted) the org and the acting member. */
export type MemberActorScope = { caller: CallerRef } | { orgId: string; actorId: string };

/**
 * Sets a member's role. `admin` may move members between `member` and `admin`; granting or taking
 * away `owner` needs an owner; the last owner cannot be demoted. Setting the role a member already
 * has changes nothing and records nothing. One statement: the caller's row, then
 * `change_member_role` (migration 0007), which locks the org row and re-reads the actor's role
 * and the owners under it.
 */
export async function changeMemberRole(
  db: DataExecutor,
  { userId, role, ...scope }: MemberActorScope & { userId: string; role: Role },
): Promise<Member> {
  const { rows } = await queryAs<{ outcome: string } & MemberRow>(db, scope, {
    ctes: `result AS (
      SELECT c.outcome, c.member_id AS id, c.member_email AS email, c.member_role AS role, c.member_joined_at AS joined_at
        FROM actor a, change_member_role(a.caller_org_id, a.caller_id, :userId, :role) c)`,
    params: { userId: uuid(userId), role },
  });
  const row = rows[0];
  if (row?.outcome !== 'ok' && row?.outcome !== 'unchanged')
    throw refusalOf(row?.outcome, 'only an owner may grant or take away the owner role');
  return toMember(row);
}

/**
 * Removes a member, or lets the caller leave when `userId` is their own: their users row goes
 * (their next request gets 428, and `POST /auth/sync` makes them a fresh org); the specs they
 * created stay with the org. Removing someone else needs `admin`, and `owner` for an owner. One
 * statement: the caller's row, then `remove_member` (migration 0007) under the org row lock.
 */
export async function removeMember(
  db: DataExecutor,
  { userId, ...scope }: MemberActorScope & { userId: string },
): Promise<void> {
  const { rows } = await queryAs<{ outcome: string }>(db, scope, {
    ctes: `result AS (
      SELECT remove_member(a.caller_org_id, a.caller_id, :userId) AS outcome FROM actor a)`,
    params: { userId: uuid(userId) },
  });
  if (rows[0]?.outcome !== 'ok') throw refusalOf(rows[0]?.outcome, 'only an owner may remove an owner');
}
