import { uuid } from '../../../lambdas/shared/data-api/params';
import { nowSeconds, routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { authFor, call, countRows, loadHandlers, unsyncedUserId, type Handlers } from './harness';

const db = testDb();
let handlers: Handlers;

beforeAll(async () => {
  handlers = await loadHandlers();
});

describe('POST /auth/sync', () => {
  it('creates the user and their org with 201, then answers 200 with the same org', async () => {
    const sub = unsyncedUserId();
    const first = await call(
      handlers['auth-sync'],
      routeEvent('syncCaller', { authorizer: authFor(sub, { email: 'grace@example.com' }) }),
    );
    expect(first.status).toBe(201);
    expect(first.json).toEqual({
      user: { id: sub, email: 'grace@example.com', role: 'owner' },
      org: { id: expect.any(String), name: 'grace', plan: 'free' },
    });
    const again = await call(
      handlers['auth-sync'],
      routeEvent('syncCaller', { authorizer: authFor(sub, { email: 'grace@example.com' }) }),
    );
    expect(again.status).toBe(200);
    expect(again.json.org.id).toBe(first.json.org.id);
    expect(await countRows(db, 'users', 'id = :id', { id: uuid(sub) })).toBe(1);
  });

  it('stores no email for a token without one', async () => {
    const sub = unsyncedUserId();
    const res = await call(
      handlers['auth-sync'],
      routeEvent('syncCaller', { authorizer: authFor(sub, { email: '' }) }),
    );
    expect(res.status).toBe(201);
    expect(res.json.user.email).toBeNull();
    expect(res.json.org.name).toBe('My organization');
  });

  it('refreshes the email from the token on a later sync', async () => {
    const sub = unsyncedUserId();
    await call(
      handlers['auth-sync'],
      routeEvent('syncCaller', { authorizer: authFor(sub, { email: 'old@example.com' }) }),
    );
    const res = await call(
      handlers['auth-sync'],
      routeEvent('syncCaller', { authorizer: authFor(sub, { email: 'new@example.com' }) }),
    );
    expect(res).toMatchObject({ status: 200, json: { user: { email: 'new@example.com' } } });
  });

  it('answers concurrent first syncs of one user with one org', async () => {
    const sub = unsyncedUserId();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(handlers['auth-sync'], routeEvent('syncCaller', { authorizer: authFor(sub) })),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json.org.id)).size).toBe(1);
  });

  it('answers 401 token_expired for a cached Allow past exp, and writes nothing', async () => {
    const sub = unsyncedUserId();
    const res = await call(
      handlers['auth-sync'],
      routeEvent('syncCaller', { authorizer: authFor(sub, { exp: nowSeconds() - 60 }) }),
    );
    expect(res.status).toBe(401);
    expect(res.json.error).toEqual({
      code: 'token_expired',
      message: 'token has expired, sign in again or refresh the session',
      requestId: expect.any(String),
    });
    expect(await countRows(db, 'users', 'id = :id', { id: uuid(sub) })).toBe(0);
  });

  it("refuses a body: the org is not the client's to choose", async () => {
    const sub = unsyncedUserId();
    const res = await call(
      handlers['auth-sync'],
      routeEvent('syncCaller', { authorizer: authFor(sub), body: { orgId: '00000000-0000-4000-8000-000000000000' } }),
    );
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(await countRows(db, 'users', 'id = :id', { id: uuid(sub) })).toBe(0);
  });
});
