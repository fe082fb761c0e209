/** Members are users rows seen from their org: the row mapping and the single-member read. */
import { isUuid, uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import type { Member, Role } from './types';

export interface MemberRow {
  id: string;
  email: string | null;
  role: Role;
  joined_at: string;
}

export const MEMBER_COLUMNS = 'id, email, role, joined_at';

export function toMember(row: MemberRow): Member {
  return { userId: row.id, email: row.email, role: row.role, joinedAt: row.joined_at };
}

/** The member `userId` of this org, or null (another org's user, or a malformed id, included). */
export async function findMember(
  db: DataExecutor,
  { orgId, userId }: { orgId: string; userId: string },
): Promise<Member | null> {
  if (!isUuid(userId)) return null;
  const { rows } = await db.query<MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM users WHERE org_id = :orgId AND id = :userId`,
    { orgId: uuid(orgId), userId: uuid(userId) },
  );
  return rows[0] ? toMember(rows[0]) : null;
}
