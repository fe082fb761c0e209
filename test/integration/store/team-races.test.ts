/**
 * Seats and single-use acceptance under concurrency. Each call is its own Data API transaction on
 * the embedded PostgreSQL 17, so they really run at once and only the org's row lock keeps the limits.
 */
import { randomUUID } from 'node:crypto';
import { isApiError } from '../../../lambdas/shared/api-error';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { acceptInvitation } from '../../../lambdas/shared/store/accept-invitation';
import { createInvitation } from '../../../lambdas/shared/store/invitations';
import { getOrg, setOrgPlan } from '../../../lambdas/shared/store/orgs';
import { syncUser } from '../../../lambdas/shared/store/users';
import { testDb } from '../../support/database';
import { newOwner, uniqueName } from '../../support/store-fixtures';

const db = testDb();
const N = 20;

function outcomes(results: PromiseSettledResult<unknown>[]): string[] {
  return results
    .map((r) => (r.status === 'fulfilled' ? 'ok' : isApiError(r.reason) ? r.reason.code : String(r.reason)))
    .sort();
}

async function snapshot(orgId: string) {
  const users = await db.query('SELECT id, org_id, email, role FROM users WHERE org_id = :o ORDER BY id', {
    o: uuid(orgId),
  });
  const invitations = await db.query(
    'SELECT id, email, role, status FROM org_invitations WHERE org_id = :o ORDER BY id',
    {
      o: uuid(orgId),
    },
  );
  const events = await db.query<{ action: string }>('SELECT action FROM org_events WHERE org_id = :o', {
    o: uuid(orgId),
  });
  return { users: users.rows, invitations: invitations.rows, events: events.rows.map((e) => e.action).sort() };
}

/** A free org with an owner and one member: one seat left. */
async function freeOrgWithOneSeatLeft() {
  const { user: owner, org } = await newOwner(db);
  const email = `${uniqueName('m')}@example.com`;
  const { token } = await createInvitation(db, {
    orgId: org.id,
    actorId: owner.id,
    email,
    role: 'member',
    now: new Date(),
  });
  await acceptInvitation(db, { token, userId: randomUUID(), email, now: new Date() });
  return { owner, org };
}

describe('seat limits under concurrency', () => {
  it(`${N} concurrent invitations for the last free seat: exactly one is created, the rest get seat_limit_reached`, async () => {
    const { owner, org } = await freeOrgWithOneSeatLeft();
    const before = await snapshot(org.id);
    const results = await Promise.allSettled(
      Array.from({ length: N }, () =>
        createInvitation(db, {
          orgId: org.id,
          actorId: owner.id,
          email: `${uniqueName('race')}@example.com`,
          role: 'member',
          now: new Date(),
        }),
      ),
    );
    expect(outcomes(results)).toEqual(['ok', ...Array(N - 1).fill('seat_limit_reached')]);
    const after = await snapshot(org.id);
    expect((await getOrg(db, { orgId: org.id }))!.seats).toEqual({ used: 3, limit: 3 });
    expect(after.users).toEqual(before.users);
    expect(after.invitations.length).toBe(before.invitations.length + 1);
    expect(after.events).toEqual([...before.events, 'invitation.created'].sort());
  });

  it(`${N} concurrent accepts against one free seat (after a downgrade): exactly the limit ends in use, nothing else changes`, async () => {
    const { user: owner, org } = await newOwner(db);
    await setOrgPlan(db, { orgId: org.id, plan: 'enterprise' });
    const first = `${uniqueName('m')}@example.com`;
    const seated = await createInvitation(db, {
      orgId: org.id,
      actorId: owner.id,
      email: first,
      role: 'member',
      now: new Date(),
    });
    await acceptInvitation(db, { token: seated.token, userId: randomUUID(), email: first, now: new Date() });
    // Half the invitees never synced; the other half own an empty org of their own.
    const invitees = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const email = `${uniqueName('race')}@example.com`;
        const userId = randomUUID();
        const own = i % 2 === 0 ? (await syncUser(db, { userId, email })).org.id : null;
        const { token } = await createInvitation(db, {
          orgId: org.id,
          actorId: owner.id,
          email,
          role: 'member',
          now: new Date(),
        });
        return { email, userId, token, own };
      }),
    );
    await setOrgPlan(db, { orgId: org.id, plan: 'free' });
    const before = await snapshot(org.id);
    const results = await Promise.allSettled(
      invitees.map((i) => acceptInvitation(db, { token: i.token, userId: i.userId, email: i.email, now: new Date() })),
    );
    expect(outcomes(results)).toEqual(['ok', ...Array(N - 1).fill('seat_limit_reached')]);
    const after = await snapshot(org.id);
    expect(after.users.length).toBe(3);
    expect(after.invitations.filter((i: any) => i.status === 'pending').length).toBe(N - 1);
    expect(after.events).toEqual([...before.events, 'invitation.accepted', 'member.joined'].sort());
    const winner = invitees[results.findIndex((r) => r.status === 'fulfilled')]!;
    for (const loser of invitees.filter((i) => i !== winner)) {
      const { rows } = await db.query<{ org_id: string }>('SELECT org_id FROM users WHERE id = :u', {
        u: uuid(loser.userId),
      });
      expect(rows.map((r) => r.org_id)).toEqual(loser.own ? [loser.own] : []);
    }
    if (winner.own) expect(await getOrg(db, { orgId: winner.own })).toBeNull();
  });
});

describe('single-use acceptance', () => {
  it(`${N} concurrent accepts of one token by the invitee: exactly one succeeds, the rest get not_found`, async () => {
    const { user: owner, org } = await newOwner(db);
    const email = `${uniqueName('once')}@example.com`;
    const userId = randomUUID();
    await syncUser(db, { userId, email });
    const { token } = await createInvitation(db, {
      orgId: org.id,
      actorId: owner.id,
      email,
      role: 'admin',
      now: new Date(),
    });
    const results = await Promise.allSettled(
      Array.from({ length: N }, () => acceptInvitation(db, { token, userId, email, now: new Date() })),
    );
    expect(outcomes(results)).toEqual([...Array(N - 1).fill('not_found'), 'ok']);
    const after = await snapshot(org.id);
    expect(after.users.length).toBe(2);
    expect(after.events.filter((a) => a === 'member.joined')).toHaveLength(1);
  });

  it(`${N} concurrent accepts of one token by ${N} accounts with the invited email: exactly one joins`, async () => {
    const { user: owner, org } = await newOwner(db);
    const email = `${uniqueName('shared')}@example.com`;
    const { token } = await createInvitation(db, {
      orgId: org.id,
      actorId: owner.id,
      email,
      role: 'member',
      now: new Date(),
    });
    const results = await Promise.allSettled(
      Array.from({ length: N }, () => acceptInvitation(db, { token, userId: randomUUID(), email, now: new Date() })),
    );
    expect(outcomes(results)).toEqual([...Array(N - 1).fill('not_found'), 'ok']);
    expect((await snapshot(org.id)).users.length).toBe(2);
  });
});
