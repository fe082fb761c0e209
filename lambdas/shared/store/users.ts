/**
 * Users: one row per Supabase user, created by the first `POST /auth/sync` together with the
 * user's own org.
 */
import { ApiError } from '../api-error';
import { isUuid, uuid } from '../data-api/params';
import { withTransaction } from '../data-api/transaction';
import type { DataExecutor } from '../data-api/types';
import { ORG_COLUMNS, USER_COLUMNS, toOrg, toUser, type OrgRow, type UserRow } from './rows';
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

/** Thrown inside the transaction to roll back the org we created when another sync created the user first. */
class LostRace extends Error {}

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

async function refresh(tx: DataExecutor, userId: string, email: string | null): Promise<SyncResult | null> {
  const { rows } = await tx.query<UserRow>(
    `UPDATE users SET email = :email, last_synced_at = now() WHERE id = :userId RETURNING ${USER_COLUMNS}`,
    { userId: uuid(userId), email },
  );
  if (!rows[0]) return null;
  const user = toUser(rows[0]);
  const orgs = await tx.query<OrgRow>(`SELECT ${ORG_COLUMNS} FROM orgs WHERE id = :orgId`, { orgId: uuid(user.orgId) });
  return { user, org: toOrg(orgs.rows[0]!), created: false };
}

async function create(tx: DataExecutor, userId: string, email: string | null): Promise<SyncResult> {
  const orgs = await tx.query<OrgRow>(`INSERT INTO orgs (name) VALUES (:name) RETURNING ${ORG_COLUMNS}`, {
    name: orgNameFor(email),
  });
  const org = toOrg(orgs.rows[0]!);
  // Under a concurrent sync of the same user this waits for the other transaction, then inserts nothing.
  const users = await tx.query<UserRow>(
    `INSERT INTO users (id, org_id, email, role) VALUES (:userId, :orgId, :email, 'owner')
     ON CONFLICT (id) DO NOTHING
     RETURNING ${USER_COLUMNS}`,
    { userId: uuid(userId), orgId: uuid(org.id), email },
  );
  if (!users.rows[0]) throw new LostRace();
  return { user: toUser(users.rows[0]), org, created: true };
}

/**
 * Creates the user and their own org (the user as `owner`, the org named after the email's
 * local part) on first sight; otherwise refreshes `email` and `last_synced_at`. One transaction;
 * idempotent; safe under concurrent calls for the same user: every call returns the same org.
 */
export async function syncUser(
  db: DataExecutor,
  { userId, email }: { userId: string; email: string | null },
): Promise<SyncResult> {
  if (!isUuid(userId)) throw new ApiError('bad_request', 'user id must be a UUID');
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(db, async (tx) => (await refresh(tx, userId, email)) ?? create(tx, userId, email));
    } catch (error) {
      // The winner has committed by now, so the next attempt finds the user and refreshes it.
      if (!(error instanceof LostRace)) throw error;
      if (attempt >= SYNC_ATTEMPTS || db.inTransaction) {
        throw new ApiError('service_unavailable', 'user sync is busy, retry shortly', { cause: error });
      }
    }
  }
}
