import { randomUUID } from 'node:crypto';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { call, countRows, loadHandlers, PLATFORM_KEY, syncedOwner, type Handlers } from './harness';

const db = testDb();
let handlers: Handlers;

beforeAll(async () => {
  handlers = await loadHandlers();
});

describe('the internal routes', () => {
  it.each([
    ['a missing key', {}],
    ['an empty key', { 'x-api-key': '' }],
    [
      'a wrong key of the same length',
      { 'x-api-key': `${PLATFORM_KEY.slice(0, -1)}${PLATFORM_KEY.endsWith('0') ? '1' : '0'}` },
    ],
    ['a key of a different length', { 'x-api-key': PLATFORM_KEY.slice(0, 10) }],
    ['the key with a suffix', { 'x-api-key': `${PLATFORM_KEY} ` }],
    ['the key in another header', { authorization: PLATFORM_KEY }],
  ])('answer 403 forbidden to %s on every internal route', async (_, headers) => {
    const { org, user } = await syncedOwner(db);
    const responses = await Promise.all([
      call(handlers['internal-orgs'], routeEvent('getOrg', { pathParameters: { orgId: org.id }, headers })),
      call(
        handlers['internal-orgs'],
        routeEvent('setOrgPlan', { pathParameters: { orgId: org.id }, headers, body: { plan: 'enterprise' } }),
      ),
      call(handlers['internal-users'], routeEvent('getUser', { pathParameters: { userId: user.id }, headers })),
      call(handlers['internal-health'], routeEvent('getDeepHealth', { headers })),
    ]);
    for (const res of responses) {
      expect(res.status).toBe(403);
      expect(res.json.error).toMatchObject({ code: 'forbidden', message: 'missing or invalid platform key' });
    }
    expect(await countRows(db, 'orgs', "id = :id AND plan = 'free'", { id: uuid(org.id) })).toBe(1);
  });

  it('answer the org with its plan, member count and seats to the right key', async () => {
    const { org } = await syncedOwner(db);
    const res = await call(
      handlers['internal-orgs'],
      routeEvent('getOrg', { pathParameters: { orgId: org.id }, headers: { 'X-Api-Key': PLATFORM_KEY } }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: org.id,
      name: org.name,
      plan: 'free',
      memberCount: 1,
      seats: { used: 1, limit: 3 },
      createdAt: org.createdAt,
    });
  });

  it("set an org's plan and record org.plan_changed with the platform as the actor", async () => {
    const { org } = await syncedOwner(db);
    const res = await call(
      handlers['internal-orgs'],
      routeEvent('setOrgPlan', {
        pathParameters: { orgId: org.id },
        headers: { 'x-api-key': PLATFORM_KEY },
        body: { plan: 'pro' },
      }),
    );
    expect(res).toMatchObject({ status: 200, json: { id: org.id, plan: 'pro' } });
    expect(await countRows(db, 'orgs', "id = :id AND plan = 'pro'", { id: uuid(org.id) })).toBe(1);
    const events = await db.query(
      `SELECT action, actor_id, target, details FROM org_events WHERE org_id = :orgId AND action = 'org.plan_changed'`,
      { orgId: uuid(org.id) },
    );
    expect(events.rows).toEqual([
      {
        action: 'org.plan_changed',
        actor_id: null,
        target: { type: 'org', id: org.id },
        details: { from: 'free', to: 'pro' },
      },
    ]);
  });

  it.each([{ plan: 'platinum' }, { plan: 'PRO' }, {}, { plan: 'pro', memberCount: 10 }])(
    'refuse the plan body %p with validation_failed',
    async (body) => {
      const { org } = await syncedOwner(db);
      const res = await call(
        handlers['internal-orgs'],
        routeEvent('setOrgPlan', { pathParameters: { orgId: org.id }, headers: { 'x-api-key': PLATFORM_KEY }, body }),
      );
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
      expect(await countRows(db, 'orgs', "id = :id AND plan = 'free'", { id: uuid(org.id) })).toBe(1);
    },
  );

  it('answer the user with their org id and role', async () => {
    const { user, org } = await syncedOwner(db);
    const res = await call(
      handlers['internal-users'],
      routeEvent('getUser', { pathParameters: { userId: user.id }, headers: { 'x-api-key': PLATFORM_KEY } }),
    );
    expect(res).toMatchObject({ status: 200, json: { id: user.id, orgId: org.id, role: 'owner', email: user.email } });
  });

  it.each([randomUUID(), 'not-a-uuid'])('answer 404 for the unknown id %p', async (id) => {
    const headers = { 'x-api-key': PLATFORM_KEY };
    expect(
      (await call(handlers['internal-orgs'], routeEvent('getOrg', { pathParameters: { orgId: id }, headers }))).json
        .error.code,
    ).toBe('not_found');
    expect(
      (
        await call(
          handlers['internal-orgs'],
          routeEvent('setOrgPlan', { pathParameters: { orgId: id }, headers, body: { plan: 'pro' } }),
        )
      ).status,
    ).toBe(404);
    expect(
      (await call(handlers['internal-users'], routeEvent('getUser', { pathParameters: { userId: id }, headers })))
        .status,
    ).toBe(404);
  });

  it('ignore a user token: only the platform key opens them', async () => {
    const { org, auth } = await syncedOwner(db);
    const res = await call(
      handlers['internal-orgs'],
      routeEvent('getOrg', { pathParameters: { orgId: org.id }, authorizer: auth }),
    );
    expect(res.status).toBe(403);
  });
});
