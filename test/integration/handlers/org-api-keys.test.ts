/**
 * Org API keys through the real handler modules and the local Data API: the management routes
 * (create, list, revoke, the 50-key limit, roles, the switch), and a key as a caller (its row
 * re-checked on every request, scopes on every route, people-only routes, expiry with an
 * injected clock, `last_used_at` written at most once a minute).
 */
import { randomUUID } from 'node:crypto';
import { generateApiKey, parseApiKey } from '../../../lambdas/shared/api-keys/key-format';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { keyCallerFinder } from '../../../lambdas/shared/http/api-key-caller';
import { callerFinder } from '../../../lambdas/shared/http/auth-context';
import { createHttpHandler } from '../../../lambdas/shared/http/create-http-handler';
import { functionLogger } from '../../../lambdas/shared/http/logger';
import { meOperations } from '../../../lambdas/me/get-me';
import { orgApiKeysOperations } from '../../../lambdas/org-api-keys/operations';
import { ROUTES } from '../../../lambdas/routes';
import {
  createOrgApiKey,
  listOrgApiKeys,
  MAX_ACTIVE_KEYS_PER_ORG,
  revokeOrgApiKey,
  touchApiKey,
} from '../../../lambdas/shared/store/org-api-keys';
import { getOrg } from '../../../lambdas/shared/store/orgs';
import { findUserById } from '../../../lambdas/shared/store/users';
import { apiKeyAuthorizerContext, routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { uniqueName } from '../../support/store-fixtures';
import { authFor, call, countRows, loadHandlers, syncedOwner, type Handlers } from './harness';

const db = testDb();
let handlers: Handlers;

beforeAll(async () => {
  handlers = await loadHandlers();
});

type Owner = Awaited<ReturnType<typeof syncedOwner>>;

/** A key of the owner's org made through the store, with the authorizer context it would get. */
async function storeKey(owner: Owner, scopes: string[] = ['specs:read', 'specs:write'], now = new Date()) {
  const { secret, hash, start } = generateApiKey();
  const key = await createOrgApiKey(db, {
    orgId: owner.org.id,
    createdBy: owner.user.id,
    name: uniqueName('key'),
    scopes,
    expiresInDays: 90,
    hash,
    start,
    now,
  });
  return { key, secret, auth: apiKeyAuthorizerContext({ keyId: key.id, orgId: owner.org.id, scopes }) };
}

/** A member (not admin) of the owner's org. */
async function memberOf(owner: Owner) {
  const id = randomUUID();
  await db.query(`INSERT INTO users (id, org_id, email, role) VALUES (:id, :orgId, :email, 'member')`, {
    id: uuid(id),
    orgId: uuid(owner.org.id),
    email: `${uniqueName('member')}@example.com`,
  });
  return authFor(id);
}

async function eventsOf(orgId: string) {
  const { rows } = await db.query<{ action: string; actor_id: string; target: unknown; details: unknown }>(
    `SELECT action, actor_id, target, details FROM org_events WHERE org_id = :orgId AND action LIKE 'api_key.%'
      ORDER BY created_at, id`,
    { orgId: uuid(orgId) },
  );
  return rows;
}

describe('POST /api/org/api-keys', () => {
  it('creates a key, shows its secret once, and writes api_key.created without the secret', async () => {
    const owner = await syncedOwner(db);
    const res = await call(
      handlers['org-api-keys'],
      routeEvent('createApiKey', { authorizer: owner.auth, body: { name: 'CI deploys', scopes: ['specs:read'] } }),
    );
    expect(res.status).toBe(201);
    const { apiKey, secret } = res.json;
    expect(parseApiKey(secret).ok).toBe(true);
    expect(apiKey).toEqual({
      id: expect.any(String),
      name: 'CI deploys',
      scopes: ['specs:read'],
      start: secret.slice(0, 15),
      createdBy: owner.user.id,
      createdAt: expect.stringMatching(/Z$/),
      expiresAt: expect.stringMatching(/Z$/),
      lastUsedAt: null,
    });
    expect(Date.parse(apiKey.expiresAt) - Date.parse(apiKey.createdAt)).toBe(90 * 86_400_000);

    const events = await eventsOf(owner.org.id);
    expect(events).toEqual([
      {
        action: 'api_key.created',
        actor_id: owner.user.id,
        target: { type: 'api_key', id: apiKey.id },
        details: expect.objectContaining({ name: 'CI deploys', scopes: ['specs:read'], start: apiKey.start }),
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(secret.slice(15));
    const stored = await db.query<{ key_hash: string }>('SELECT key_hash FROM org_api_keys WHERE id = :id', {
      id: uuid(apiKey.id),
    });
    expect(stored.rows[0]!.key_hash).toBe(parseApiKey(secret).ok && (parseApiKey(secret) as { hash: string }).hash);
  });

  it('takes expiresInDays from 1 to 366 and refuses anything else', async () => {
    const owner = await syncedOwner(db);
    const create = (body: object) =>
      call(handlers['org-api-keys'], routeEvent('createApiKey', { authorizer: owner.auth, body }));
    const oneDay = await create({ name: 'short', scopes: ['specs:read'], expiresInDays: 1 });
    expect(Date.parse(oneDay.json.apiKey.expiresAt) - Date.parse(oneDay.json.apiKey.createdAt)).toBe(86_400_000);
    expect((await create({ name: 'long', scopes: ['specs:read'], expiresInDays: 366 })).status).toBe(201);
    for (const expiresInDays of [0, 367, 1.5, '30'])
      expect((await create({ name: 'bad', scopes: ['specs:read'], expiresInDays })).json.error.code).toBe(
        'validation_failed',
      );
  });

  it('refuses unknown, repeated or missing scopes with validation_failed', async () => {
    const owner = await syncedOwner(db);
    for (const scopes of [[], ['specs:admin'], ['specs:read', 'specs:read'], 'specs:read', undefined]) {
      const res = await call(
        handlers['org-api-keys'],
        routeEvent('createApiKey', { authorizer: owner.auth, body: { name: 'x', scopes } }),
      );
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
    }
    expect(await countRows(db, 'org_api_keys', 'org_id = :orgId', { orgId: uuid(owner.org.id) })).toBe(0);
  });

  it('answers 409 key_limit_reached past 50 active keys, and counts neither revoked nor expired keys', async () => {
    const owner = await syncedOwner(db);
    const keys = [];
    for (let i = 0; i < MAX_ACTIVE_KEYS_PER_ORG; i++) keys.push(await storeKey(owner));
    const create = () =>
      call(
        handlers['org-api-keys'],
        routeEvent('createApiKey', { authorizer: owner.auth, body: { name: 'one too many', scopes: ['specs:read'] } }),
      );
    const refused = await create();
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('key_limit_reached');

    await revokeOrgApiKey(db, { orgId: owner.org.id, keyId: keys[0]!.key.id, actorId: owner.user.id, now: new Date() });
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(409);

    // A key that expired long ago does not count either.
    await db.query(
      `UPDATE org_api_keys SET created_at = now() - interval '10 days', expires_at = now() - interval '1 day' WHERE id = :id`,
      { id: uuid(keys[1]!.key.id) },
    );
    expect((await create()).status).toBe(201);
  });

  it('lets exactly one of several concurrent creations take the last free place', async () => {
    const owner = await syncedOwner(db);
    for (let i = 0; i < MAX_ACTIVE_KEYS_PER_ORG - 1; i++) await storeKey(owner);
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        call(
          handlers['org-api-keys'],
          routeEvent('createApiKey', { authorizer: owner.auth, body: { name: 'race', scopes: ['specs:read'] } }),
        ),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const active = await countRows(db, 'org_api_keys', 'org_id = :orgId AND revoked_at IS NULL', {
      orgId: uuid(owner.org.id),
    });
    expect(active).toBe(MAX_ACTIVE_KEYS_PER_ORG);
  });
});

describe('GET /api/org/api-keys', () => {
  it('lists the org’s keys newest first, revoked ones with revokedAt, never a secret or hash', async () => {
    const owner = await syncedOwner(db);
    const older = await storeKey(owner, ['specs:read'], new Date(Date.now() - 60_000));
    const newer = await storeKey(owner, ['specs:write']);
    await revokeOrgApiKey(db, { orgId: owner.org.id, keyId: older.key.id, actorId: owner.user.id, now: new Date() });
    await storeKey(await syncedOwner(db));

    const res = await call(handlers['org-api-keys'], routeEvent('listApiKeys', { authorizer: owner.auth }));
    expect(res.status).toBe(200);
    expect(res.json.items.map((k: { id: string }) => k.id)).toEqual([newer.key.id, older.key.id]);
    expect(res.json.items[0].revokedAt).toBeNull();
    expect(res.json.items[1].revokedAt).toEqual(expect.stringMatching(/Z$/));
    expect(Object.keys(res.json.items[0]).sort()).toEqual(
      ['createdAt', 'createdBy', 'expiresAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'scopes', 'start'].sort(),
    );
    expect(res.body).not.toContain(newer.secret);
  });
});

describe('DELETE /api/org/api-keys/{keyId}', () => {
  it('revokes with 204, answers 204 again the second time, and writes one api_key.revoked', async () => {
    const owner = await syncedOwner(db);
    const { key } = await storeKey(owner);
    const revoke = () =>
      call(
        handlers['org-api-keys'],
        routeEvent('revokeApiKey', { authorizer: owner.auth, pathParameters: { keyId: key.id } }),
      );
    expect((await revoke()).status).toBe(204);
    const first = await listOrgApiKeys(db, { orgId: owner.org.id });
    expect((await revoke()).status).toBe(204);
    expect(await listOrgApiKeys(db, { orgId: owner.org.id })).toEqual(first);
    const events = await eventsOf(owner.org.id);
    expect(events.map((e) => e.action)).toEqual(['api_key.created', 'api_key.revoked']);
    expect(events[1]).toMatchObject({ actor_id: owner.user.id, target: { type: 'api_key', id: key.id } });
  });

  it('answers 404 for another org’s key and for an unknown or malformed id, and changes nothing', async () => {
    const owner = await syncedOwner(db);
    const other = await syncedOwner(db);
    const theirs = await storeKey(other);
    for (const keyId of [theirs.key.id, randomUUID(), 'not-a-uuid']) {
      const res = await call(
        handlers['org-api-keys'],
        routeEvent('revokeApiKey', { authorizer: owner.auth, pathParameters: { keyId } }),
      );
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    }
    expect((await listOrgApiKeys(db, { orgId: other.org.id }))[0]!.revokedAt).toBeNull();
    expect((await eventsOf(other.org.id)).map((e) => e.action)).toEqual(['api_key.created']);
  });
});

describe('who may manage keys', () => {
  it('answers 403 forbidden to a member on every management route', async () => {
    const owner = await syncedOwner(db);
    const member = await memberOf(owner);
    const { key } = await storeKey(owner);
    for (const event of [
      routeEvent('createApiKey', { authorizer: member, body: { name: 'mine', scopes: ['specs:read'] } }),
      routeEvent('listApiKeys', { authorizer: member }),
      routeEvent('revokeApiKey', { authorizer: member, pathParameters: { keyId: key.id } }),
    ]) {
      const res = await call(handlers['org-api-keys'], event);
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    expect((await listOrgApiKeys(db, { orgId: owner.org.id })).map((k) => k.revokedAt)).toEqual([null]);
  });

  it('answers 404 on every management route when the deployment has keys switched off', async () => {
    const owner = await syncedOwner(db);
    const off = createHttpHandler({
      functionName: 'org-api-keys',
      operations: orgApiKeysOperations,
      deps: {
        db,
        store: { createOrgApiKey, listOrgApiKeys, revokeOrgApiKey },
        enabled: false,
        now: () => new Date(),
        afterRevoke: async () => {},
      },
      logger: functionLogger('org-api-keys'),
      corsAllowedOrigins: [],
      auth: { clockSkewSeconds: 30, findCaller: callerFinder(db, findUserById) },
    });
    for (const event of [
      routeEvent('createApiKey', { authorizer: owner.auth, body: { name: 'x', scopes: ['specs:read'] } }),
      routeEvent('listApiKeys', { authorizer: owner.auth }),
      routeEvent('revokeApiKey', { authorizer: owner.auth, pathParameters: { keyId: randomUUID() } }),
    ]) {
      const res = await call(off, event);
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    }
    expect(await countRows(db, 'org_api_keys', 'org_id = :orgId', { orgId: uuid(owner.org.id) })).toBe(0);
  });
});

describe('a key as the caller', () => {
  it('gets GET /api/me as {apiKey, org}', async () => {
    const owner = await syncedOwner(db);
    const { key, auth } = await storeKey(owner, ['specs:read']);
    const res = await call(handlers.me, routeEvent('getMe', { authorizer: auth }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      apiKey: { id: key.id, name: key.name, scopes: ['specs:read'], start: key.start, expiresAt: key.expiresAt },
      org: { id: owner.org.id, name: owner.org.name, plan: owner.org.plan },
    });
  });

  it('lists and creates specs in its own org, the key recorded as the creator', async () => {
    const owner = await syncedOwner(db);
    const { key, auth } = await storeKey(owner);
    const created = await call(
      handlers.specs,
      routeEvent('createSpec', { authorizer: auth, body: { name: uniqueName('by-key') } }),
    );
    expect(created.status).toBe(201);
    expect(created.json.createdBy).toBe(key.id);
    const listed = await call(handlers.specs, routeEvent('listSpecs', { authorizer: auth }));
    expect(listed.json.items.map((s: { id: string }) => s.id)).toEqual([created.json.id]);
  });

  it('takes its org from the key row, not from the authorizer context', async () => {
    const owner = await syncedOwner(db);
    const other = await syncedOwner(db);
    const { key } = await storeKey(owner);
    const forged = apiKeyAuthorizerContext({ keyId: key.id, orgId: other.org.id, scopes: ['specs:read'] });
    const res = await call(handlers.me, routeEvent('getMe', { authorizer: forged }));
    expect(res.json.org.id).toBe(owner.org.id);
  });

  it('is answered 401 once revoked, even though the authorizer had allowed it', async () => {
    const owner = await syncedOwner(db);
    const { key, auth } = await storeKey(owner);
    expect((await call(handlers.specs, routeEvent('listSpecs', { authorizer: auth }))).status).toBe(200);
    await call(
      handlers['org-api-keys'],
      routeEvent('revokeApiKey', { authorizer: owner.auth, pathParameters: { keyId: key.id } }),
    );
    const res = await call(handlers.specs, routeEvent('listSpecs', { authorizer: auth }));
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: 'unauthorized', message: 'API key has been revoked' });
  });

  it('is answered 401 when the key is unknown (its org deleted with it)', async () => {
    const owner = await syncedOwner(db);
    const auth = apiKeyAuthorizerContext({ keyId: randomUUID(), orgId: owner.org.id, scopes: ['specs:read'] });
    const res = await call(handlers.specs, routeEvent('listSpecs', { authorizer: auth }));
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('unauthorized');
  });

  it('is answered 401 once expired, by the clock of the function', async () => {
    const owner = await syncedOwner(db);
    const { key, auth } = await storeKey(owner);
    let now = Date.now();
    const me = createHttpHandler({
      functionName: 'me',
      operations: meOperations,
      deps: { db, store: { getOrg } },
      logger: functionLogger('me'),
      corsAllowedOrigins: [],
      auth: {
        clockSkewSeconds: 30,
        findCaller: callerFinder(db, findUserById),
        findKeyCaller: keyCallerFinder(db, touchApiKey),
        now: () => now,
      },
    });
    expect((await call(me, routeEvent('getMe', { authorizer: auth }))).status).toBe(200);
    now = Date.parse(key.expiresAt) - 1;
    expect((await call(me, routeEvent('getMe', { authorizer: auth }))).status).toBe(200);
    now = Date.parse(key.expiresAt);
    const expired = await call(me, routeEvent('getMe', { authorizer: auth }));
    expect(expired.status).toBe(401);
    expect(expired.json.error).toMatchObject({ code: 'unauthorized', message: 'API key has expired' });
  });

  it('writes last_used_at at most once a minute', async () => {
    const owner = await syncedOwner(db);
    const t0 = new Date(Date.now() + 1000);
    const { key } = await storeKey(owner, ['specs:read'], new Date(t0.getTime() - 1000));
    const lastUsed = async () => (await listOrgApiKeys(db, { orgId: owner.org.id }))[0]!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    expect((await touchApiKey(db, { keyId: key.id, now: t0 }))!.lastUsedAt).toBe(t0.toISOString());
    await touchApiKey(db, { keyId: key.id, now: new Date(t0.getTime() + 30_000) });
    await touchApiKey(db, { keyId: key.id, now: new Date(t0.getTime() + 60_000) });
    expect(await lastUsed()).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + 60_001);
    await touchApiKey(db, { keyId: key.id, now: later });
    expect(await lastUsed()).toBe(later.toISOString());
  });

  it('does not write last_used_at for a revoked key', async () => {
    const owner = await syncedOwner(db);
    const { key } = await storeKey(owner);
    await revokeOrgApiKey(db, { orgId: owner.org.id, keyId: key.id, actorId: owner.user.id, now: new Date() });
    expect((await touchApiKey(db, { keyId: key.id, now: new Date() }))!.active).toBe(false);
    expect((await listOrgApiKeys(db, { orgId: owner.org.id }))[0]!.lastUsedAt).toBeNull();
  });
});

describe('scopes on every route', () => {
  const userRoutes = ROUTES.filter((r) => r.auth === 'user' || r.auth === 'token');
  const scopeSets = [['specs:read'], ['specs:write'], ['specs:read', 'specs:write']];
  const cases = userRoutes.flatMap((route) =>
    scopeSets.map((scopes) => [`${route.method} ${route.path}`, scopes.join('+'), route, scopes] as const),
  );

  it.each(cases)('%s with a %s key answers by the route’s scope', async (_label, _s, route, scopes) => {
    const owner = await syncedOwner(db);
    const { auth } = await storeKey(owner, scopes);
    const event = routeEvent(route.operation, {
      authorizer: auth,
      ...(route.path.includes('{specId}') ? { pathParameters: { specId: randomUUID() } } : {}),
      ...(route.path.includes('{keyId}') ? { pathParameters: { keyId: randomUUID() } } : {}),
      ...(route.body ? { body: { name: uniqueName('scoped') } } : {}),
    });
    const res = await call(handlers[route.function], event);
    if (route.scope === undefined) {
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    } else if (route.scope !== 'any' && !scopes.includes(route.scope)) {
      expect(res.status).toBe(403);
      expect(res.json.error).toMatchObject({
        code: 'insufficient_scope',
        message: `API key lacks the scope ${route.scope}`,
      });
    } else {
      // Allowed: a random spec id is simply not found; the rest succeed.
      expect(res.status).toBe(route.path.includes('{specId}') ? 404 : route.method === 'POST' ? 201 : 200);
    }
  });

  it('names a scope on every spec route and none on the people-only routes', () => {
    const byOperation = Object.fromEntries(ROUTES.map((r) => [r.operation, r.scope]));
    expect(byOperation).toMatchObject({
      getMe: 'any',
      listSpecs: 'specs:read',
      getSpec: 'specs:read',
      createSpec: 'specs:write',
      updateSpec: 'specs:write',
      deleteSpec: 'specs:write',
      syncCaller: undefined,
      createApiKey: undefined,
      listApiKeys: undefined,
      revokeApiKey: undefined,
    });
  });
});
