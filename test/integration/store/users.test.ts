import { randomUUID } from 'node:crypto';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { findUserById, orgNameFor, syncUser } from '../../../lambdas/shared/store/users';
import { testDb } from '../../support/database';

const db = testDb();

async function countRows(userId: string) {
  const { rows } = await db.query<{ users: number; orgs: number }>(
    `SELECT (SELECT count(*)::int FROM users WHERE id = :userId) AS users,
            (SELECT count(*)::int FROM orgs o WHERE o.name = :orgName AND NOT EXISTS (SELECT 1 FROM users u WHERE u.org_id = o.id)) AS orgs`,
    { userId: uuid(userId), orgName: userId },
  );
  return rows[0]!;
}

describe('syncUser', () => {
  it('creates the user as owner of a new org named from the email', async () => {
    const userId = randomUUID();
    const result = await syncUser(db, { userId, email: 'ada.lovelace@example.com' });
    expect(result.created).toBe(true);
    expect(result.org).toMatchObject({ name: 'ada.lovelace', plan: 'free' });
    expect(result.user).toMatchObject({
      id: userId,
      orgId: result.org.id,
      email: 'ada.lovelace@example.com',
      role: 'owner',
    });
    expect(result.user.lastSyncedAt).toBe(result.user.createdAt);
  });

  it('refreshes the email and last sync of a known user, keeping the org', async () => {
    const userId = randomUUID();
    const first = await syncUser(db, { userId, email: 'old@example.com' });
    // Back-date the row, so a sync that left last_synced_at alone would read the old value back.
    const past = '2001-02-03T04:05:06.000Z';
    await db.query('UPDATE users SET last_synced_at = :past::timestamptz WHERE id = :userId', {
      past,
      userId: uuid(userId),
    });
    const second = await syncUser(db, { userId, email: 'new@example.com' });
    expect(second.created).toBe(false);
    expect(second.org).toEqual(first.org);
    expect(second.user).toMatchObject({
      id: userId,
      email: 'new@example.com',
      createdAt: first.user.createdAt,
      role: 'owner',
    });
    expect(Date.parse(second.user.lastSyncedAt)).toBeGreaterThan(Date.parse(past));
    expect(Date.parse(second.user.lastSyncedAt)).toBeGreaterThanOrEqual(Date.parse(first.user.lastSyncedAt));
  });

  it('accepts a user without an email', async () => {
    const result = await syncUser(db, { userId: randomUUID(), email: null });
    expect(result).toMatchObject({ created: true, org: { name: 'My organization' }, user: { email: null } });
  });

  it('refuses a user id that is not a UUID', async () => {
    await expect(syncUser(db, { userId: 'user-1', email: 'a@example.com' })).rejects.toMatchObject({
      code: 'bad_request',
    });
  });

  it('leaves one user and one org after 50 concurrent first syncs, and every call returns that org', async () => {
    const userId = randomUUID();
    // The email's local part names the org: make it the user id, to count this user's orgs.
    const results = await Promise.all(
      Array.from({ length: 50 }, () => syncUser(db, { userId, email: `${userId}@example.com` })),
    );
    const orgIds = new Set(results.map((r) => r.org.id));
    expect(orgIds.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orgs WHERE name = :name', {
      name: userId,
    });
    expect(rows[0]!.n).toBe(1);
    expect(await countRows(userId)).toEqual({ users: 1, orgs: 0 });
  });
});

describe('findUserById', () => {
  it('finds a synced user', async () => {
    const { user } = await syncUser(db, { userId: randomUUID(), email: 'grace@example.com' });
    await expect(findUserById(db, { userId: user.id })).resolves.toEqual(user);
  });

  it('returns null for an unknown or malformed id', async () => {
    await expect(findUserById(db, { userId: randomUUID() })).resolves.toBeNull();
    await expect(findUserById(db, { userId: 'nope' })).resolves.toBeNull();
  });
});

describe('orgNameFor', () => {
  it('uses the local part, or a neutral name', () => {
    expect(orgNameFor('ada@example.com')).toBe('ada');
    expect(orgNameFor('@example.com')).toBe('My organization');
    expect(orgNameFor(null)).toBe('My organization');
    expect(orgNameFor(`${'é'.repeat(250)}@example.com`)).toHaveLength(200);
  });
});
