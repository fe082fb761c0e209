import { randomUUID } from 'node:crypto';
import { getOrg, setOrgPlan } from '../../../lambdas/shared/store/orgs';
import { syncUser } from '../../../lambdas/shared/store/users';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { testDb } from '../../support/database';
import { newOwner } from '../../support/store-fixtures';

const db = testDb();

describe('getOrg', () => {
  it('returns the org with its member count and seats', async () => {
    const { org, user } = await newOwner(db);
    await expect(getOrg(db, { orgId: org.id })).resolves.toEqual({
      ...org,
      memberCount: 1,
      seats: { used: 1, limit: 3 },
    });
    // A second member, added as an admin would be.
    await db.query(`INSERT INTO users (id, org_id, email, role) VALUES (:id, :orgId, 'm@example.com', 'member')`, {
      id: uuid(randomUUID()),
      orgId: uuid(user.orgId),
    });
    await expect(getOrg(db, { orgId: org.id })).resolves.toMatchObject({ memberCount: 2 });
  });

  it('returns null for an unknown or malformed id', async () => {
    await expect(getOrg(db, { orgId: randomUUID() })).resolves.toBeNull();
    await expect(getOrg(db, { orgId: 'org_1' })).resolves.toBeNull();
  });
});

describe('setOrgPlan', () => {
  it('changes the plan of that org only', async () => {
    const a = await newOwner(db);
    const b = await newOwner(db);
    await expect(setOrgPlan(db, { orgId: a.org.id, plan: 'enterprise' })).resolves.toEqual({
      ...a.org,
      plan: 'enterprise',
    });
    await expect(getOrg(db, { orgId: b.org.id })).resolves.toMatchObject({ plan: 'free' });
    const again = await syncUser(db, { userId: a.user.id, email: a.user.email });
    expect(again.org.plan).toBe('enterprise');
  });

  it('refuses an unknown plan before reaching the database', async () => {
    const { org } = await newOwner(db);
    await expect(setOrgPlan(db, { orgId: org.id, plan: 'platinum' as never })).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'plan', message: 'must be one of free, pro, enterprise' }],
    });
  });

  it('returns null for an unknown org', async () => {
    await expect(setOrgPlan(db, { orgId: randomUUID(), plan: 'pro' })).resolves.toBeNull();
  });
});
