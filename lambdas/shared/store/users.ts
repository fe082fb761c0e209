/**
 * Users: one row per Supabase user, created by the first `POST /auth/sync` together with the
 * user's own org.
 */
import { ApiError, isApiError } from '../api-error';
import { isUuid, uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { ORG_COLUMNS, USER_COLUMNS, toOrg, toUser, type UserRow } from './rows';
import type { Org, User } from './types';

/** The result of a sync: the user, their org, and whether this call created them. */
export interface SyncResult {
  user: User;
  org: Org;
  created: boolean;
}

/** How often a sync that lost the race to create the same new user starts over. */
const SYNC_ATTEMPTS = 4;
const MAX_ORG_NAME = 200;

/**
 * The user with this Supabase `sub`, or null (a malformed id included).
 */
export async function findUserById(db: DataExecutor, { userId }: { userId: string }): Promise<User | null> {
  if (!isUuid(userId)) return null;
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = :userId`, {
    userId: uuid(userId),
  });
  return rows[0] ? toUser(rows[0]) : null;
}

/** A new org's name: the email's local part, or a neutral name when there is none. */
export function orgNameFor(email: string | null): string {
  const local = email?.split('@')[0]?.trim() ?? '';
  return local === '' ? 'My organization' : [...local].slice(0, MAX_ORG_NAME).join('');
}

type SyncRow = UserRow & { org_name: string; org_plan: Org['plan']; org_created_at: string; created: boolean };

/**
 * One statement: refresh the users row if there is one; otherwise create the org and the row
 * (as `owner`). A concurrent first sync of the same user makes this statement's users insert wait
 * for the other one, then fail on the primary key: the whole statement, the org it inserted
 * included, is rolled back, and the caller runs it again, which then refreshes.
 */
const SYNC_SQL = `WITH refreshed AS (
    UPDATE users SET email = :email, last_synced_at = now() WHERE id = :userId
    RETURNING ${USER_COLUMNS}
  ), new_org AS (
    INSERT INTO orgs (name) SELECT :name WHERE NOT EXISTS (SELECT 1 FROM refreshed)
    RETURNING ${ORG_COLUMNS}
  ), new_user AS (
    INSERT INTO users (id, org_id, email, role) SELECT :userId, id, :email, 'owner' FROM new_org
    RETURNING ${USER_COLUMNS}
  )
SELECT r.*, o.name AS org_name, o.plan AS org_plan, o.created_at AS org_created_at, false AS created
  FROM refreshed r JOIN orgs o ON o.id = r.org_id
UNION ALL
SELECT u.*, n.name, n.plan, n.created_at, true FROM new_user u JOIN new_org n ON n.id = u.org_id`;

function toSyncResult(row: SyncRow): SyncResult {
  const user = toUser(row);
  return {
    user,
    org: toOrg({ id: user.orgId, name: row.org_name, plan: row.org_plan, created_at: row.org_created_at }),
    created: row.created,
  };
}

/**
 * Creates the user and their own org (the user as `owner`, the org named after the email's
 * local part) on first sight; otherwise refreshes `email` and `last_synced_at`. One statement
 * (one Data API call; two for the loser of a race to create the same user); idempotent; safe under
 * concurrent calls for the same user: every call returns the same org.
 */
export async function syncUser(
  db: DataExecutor,
  { userId, email }: { userId: string; email: string | null },
): Promise<SyncResult> {
  if (!isUuid(userId)) throw new ApiError('bad_request', 'user id must be a UUID');
  for (let attempt = 1; ; attempt++) {
    try {
      const { rows } = await db.query<SyncRow>(SYNC_SQL, { userId: uuid(userId), email, name: orgNameFor(email) });
      return toSyncResult(rows[0]!);
    } catch (error) {
      // The winner has committed by now, so the next attempt finds the user and refreshes it.
      if (!(isApiError(error) && error.code === 'conflict')) throw error;
      if (attempt >= SYNC_ATTEMPTS || db.inTransaction) {
        throw new ApiError('service_unavailable', 'user sync is busy, retry shortly', { cause: error });
      }
    }
  }
}
