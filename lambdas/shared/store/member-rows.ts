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
