/**
 * The last-owner rule under concurrency, now that a member change is one statement (a function
 * of migration 0007) rather than a transaction: each call is its own Data API call on the embedded
 * PostgreSQL 17, so they really run at once, and only the org row lock inside the function, with
 * the fresh reads after it, keeps one owner.
 */
import { randomUUID } from 'node:crypto';
import { isApiError } from '../../../lambdas/shared/api-error';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { changeMemberRole, removeMember } from '../../../lambdas/shared/store/members';
import { testDb } from '../../support/database';
import { newOwner, uniqueName } from '../../support/store-fixtures';

const db = testDb();
const ROUNDS = 10;

function outcomes(results: PromiseSettledResult<unknown>[]): string[] {
  return results
    .map((r) => (r.status === 'fulfilled' ? 'ok' : isApiError(r.reason) ? r.reason.code : String(r.reason)))
    .sort();
}

/** An org with two owners. */
async function twoOwners() {
  const { user, org } = await newOwner(db);
  const second = randomUUID();
  await db.query(`INSERT INTO users (id, org_id, email, role) VALUES (:id, :orgId, :email, 'owner')`, {
    id: uuid(second),
    orgId: uuid(org.id),
    email: `${uniqueName('owner')}@example.com`,
  });
  return { orgId: org.id, first: user.id, second };
}

async function owners(orgId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users WHERE org_id = :orgId AND role = 'owner'`,
    { orgId: uuid(orgId) },
  );
  return rows[0]!.n;
}

describe('two owners acting on each other at once', () => {
  it('demoting each other: exactly one demotion happens, one owner stays', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { orgId, first, second } = await twoOwners();
      const results = await Promise.allSettled([
        changeMemberRole(db, { orgId, actorId: first, userId: second, role: 'member' }),
        changeMemberRole(db, { orgId, actorId: second, userId: first, role: 'member' }),
      ]);
      // The loser was either demoted first (no longer an owner: forbidden) or is the last owner.
      expect(outcomes(results)[0]).toMatch(/^(forbidden|last_owner)$/);
      expect(outcomes(results)[1]).toBe('ok');
      expect(await owners(orgId)).toBe(1);
    }
  });

  it('removing each other: exactly one removal happens, one owner stays', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { orgId, first, second } = await twoOwners();
      const results = await Promise.allSettled([
        removeMember(db, { orgId, actorId: first, userId: second }),
        removeMember(db, { orgId, actorId: second, userId: first }),
      ]);
      expect(outcomes(results)[0]).toMatch(/^(forbidden|last_owner)$/);
      expect(outcomes(results)[1]).toBe('ok');
      expect(await owners(orgId)).toBe(1);
    }
  });

  it('both leaving: exactly one leaves, the other is the last owner', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { orgId, first, second } = await twoOwners();
      const results = await Promise.allSettled([
        removeMember(db, { orgId, actorId: first, userId: first }),
        removeMember(db, { orgId, actorId: second, userId: second }),
      ]);
      expect(outcomes(results)).toEqual(['last_owner', 'ok']);
      expect(await owners(orgId)).toBe(1);
    }
  });
});
