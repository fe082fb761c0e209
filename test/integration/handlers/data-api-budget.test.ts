/**
 * The Data API budget, measured on the wire: a counting proxy sits between the real handler
 * modules and the local Data API. Every read and every single-row write costs exactly one call
 * (the caller's row is read in the operation's statement), a multi-row write at most two, and
 * `/health` none. Every route of the route table has its case here, for a person and, where the
 * route takes keys, for an org API key.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ROUTES } from '../../../lambdas/routes';
import { generateApiKey } from '../../../lambdas/shared/api-keys/key-format';
import { createOrgApiKey } from '../../../lambdas/shared/store/org-api-keys';
import { setOrgPlan } from '../../../lambdas/shared/store/orgs';
import { apiKeyAuthorizerContext, routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { startCountingProxy, type CountingProxy } from './counting-proxy';
import {
  authFor,
  call,
  loadHandlers,
  mainDataApi,
  PLATFORM_KEY,
  syncedOwner,
  unsyncedUserId,
  type Handlers,
} from './harness';
import { newPerson } from './team-fixtures';

const db = testDb();
let proxy: CountingProxy;
let handlers: Handlers;
let owner: Awaited<ReturnType<typeof syncedOwner>>;

beforeAll(async () => {
  proxy = await startCountingProxy(mainDataApi().endpoint);
  handlers = await loadHandlers({ dataApiEndpoint: proxy.url });
  owner = await syncedOwner(db);
  // Room for every invitation below (a free org has 3 seats).
  await setOrgPlan(db, { orgId: owner.org.id, plan: 'enterprise' });
});
afterAll(() => proxy.close());

async function callsFor(fn: keyof Handlers, event: APIGatewayProxyEvent, expectedStatus: number) {
  proxy.reset();
  const res = await call(handlers[fn], event);
  expect(res.status).toBe(expectedStatus);
  return { calls: proxy.total(), json: res.json };
}

/** Makes what a case needs through the handlers, without counting. */
async function specOf(authorizer: ReturnType<typeof authFor>): Promise<string> {
  const res = await call(handlers.specs, routeEvent('createSpec', { authorizer, body: { name: `b-${randomUUID()}` } }));
  return res.json.id;
}

async function keyOf(scopes = ['specs:read', 'specs:write']) {
  const { hash, start } = generateApiKey();
  const key = await createOrgApiKey(db, {
    orgId: owner.org.id,
    createdBy: owner.user.id,
    name: `budget-${randomUUID().slice(0, 8)}`,
    scopes,
    expiresInDays: 30,
    hash,
    start,
    now: new Date(),
  });
  return { key, auth: apiKeyAuthorizerContext({ keyId: key.id, orgId: owner.org.id, scopes }) };
}

async function invitationFor(email: string) {
  const res = await call(
    handlers.org,
    routeEvent('createInvitation', { authorizer: owner.auth, body: { email, role: 'member' } }),
  );
  return res.json as { invitation: { id: string }; token: string };
}

/** A second member of the owner's org, joined through an invitation. */
async function member() {
  const person = newPerson('budget');
  const { token } = await invitationFor(person.email);
  await call(handlers.org, routeEvent('acceptInvitation', { authorizer: person.auth, body: { token } }));
  return person;
}

describe('Data API calls per request, by route', () => {
  it('serves GET /health with none', async () => {
    expect((await callsFor('health', routeEvent('getHealth'), 200)).calls).toBe(0);
  });

  it('syncs with one call, first time and after', async () => {
    const sub = unsyncedUserId();
    expect((await callsFor('auth-sync', routeEvent('syncCaller', { authorizer: authFor(sub) }), 201)).calls).toBe(1);
    expect((await callsFor('auth-sync', routeEvent('syncCaller', { authorizer: authFor(sub) }), 200)).calls).toBe(1);
  });

  it.each([
    ['GET /api/me', 'me', () => routeEvent('getMe', { authorizer: owner.auth }), 200],
    ['GET /api/specs', 'specs', () => routeEvent('listSpecs', { authorizer: owner.auth }), 200],
    ['GET /api/org', 'org', () => routeEvent('getTeamOrg', { authorizer: owner.auth }), 200],
    ['GET /api/org/members', 'org', () => routeEvent('listMembers', { authorizer: owner.auth }), 200],
    ['GET /api/org/invitations', 'org', () => routeEvent('listInvitations', { authorizer: owner.auth }), 200],
    ['GET /api/org/events', 'org', () => routeEvent('listOrgEvents', { authorizer: owner.auth }), 200],
    ['GET /api/org/api-keys', 'org-api-keys', () => routeEvent('listApiKeys', { authorizer: owner.auth }), 200],
    [
      'PATCH /api/org',
      'org',
      () => routeEvent('renameOrg', { authorizer: owner.auth, body: { name: `t-${randomUUID().slice(0, 8)}` } }),
      200,
    ],
    [
      'POST /api/specs',
      'specs',
      () => routeEvent('createSpec', { authorizer: owner.auth, body: { name: `b-${randomUUID()}` } }),
      201,
    ],
    [
      'POST /api/org/api-keys',
      'org-api-keys',
      () => routeEvent('createApiKey', { authorizer: owner.auth, body: { name: 'budget', scopes: ['specs:read'] } }),
      201,
    ],
    [
      'POST /api/org/invitations',
      'org',
      () =>
        routeEvent('createInvitation', {
          authorizer: owner.auth,
          body: { email: `${randomUUID()}@example.com`, role: 'member' },
        }),
      201,
    ],
  ] as const)('serves %s with one call', async (_, fn, event, status) => {
    expect((await callsFor(fn, event(), status)).calls).toBe(1);
  });

  it('reads, changes and deletes a spec with one call each, and answers 404 with one', async () => {
    const specId = await specOf(owner.auth);
    const get = routeEvent('getSpec', { authorizer: owner.auth, pathParameters: { specId } });
    expect((await callsFor('specs', get, 200)).calls).toBe(1);
    const patch = routeEvent('updateSpec', { authorizer: owner.auth, pathParameters: { specId }, body: { name: 'x' } });
    expect((await callsFor('specs', patch, 200)).calls).toBe(1);
    const del = routeEvent('deleteSpec', { authorizer: owner.auth, pathParameters: { specId } });
    expect((await callsFor('specs', del, 204)).calls).toBe(1);
    expect(
      (await callsFor('specs', routeEvent('getSpec', { authorizer: owner.auth, pathParameters: { specId } }), 404))
        .calls,
    ).toBe(1);
  });

  it('changes a role, revokes an invitation and revokes a key with one call each', async () => {
    const person = await member();
    const role = routeEvent('changeMemberRole', {
      authorizer: owner.auth,
      pathParameters: { userId: person.userId },
      body: { role: 'admin' },
    });
    expect((await callsFor('org', role, 200)).calls).toBe(1);
    const { invitation } = await invitationFor(`${randomUUID()}@example.com`);
    const revoke = routeEvent('revokeInvitation', {
      authorizer: owner.auth,
      pathParameters: { invitationId: invitation.id },
    });
    expect((await callsFor('org', revoke, 204)).calls).toBe(1);
    const { key } = await keyOf();
    const revokeKey = routeEvent('revokeApiKey', { authorizer: owner.auth, pathParameters: { keyId: key.id } });
    expect((await callsFor('org-api-keys', revokeKey, 204)).calls).toBe(1);
  });

  it('accepts an invitation and removes a member with at most two calls each (one today)', async () => {
    const person = newPerson('budget');
    const { token } = await invitationFor(person.email);
    const accept = routeEvent('acceptInvitation', { authorizer: person.auth, body: { token } });
    expect((await callsFor('org', accept, 200)).calls).toBe(1);
    const remove = routeEvent('removeMember', { authorizer: owner.auth, pathParameters: { userId: person.userId } });
    expect((await callsFor('org', remove, 204)).calls).toBe(1);
  });

  it('serves every spec route and GET /api/me to an org API key with one call each', async () => {
    const { auth } = await keyOf();
    expect((await callsFor('me', routeEvent('getMe', { authorizer: auth }), 200)).calls).toBe(1);
    expect((await callsFor('specs', routeEvent('listSpecs', { authorizer: auth }), 200)).calls).toBe(1);
    const created = await callsFor(
      'specs',
      routeEvent('createSpec', { authorizer: auth, body: { name: `k-${randomUUID()}` } }),
      201,
    );
    expect(created.calls).toBe(1);
    const specId = created.json.id;
    expect(
      (await callsFor('specs', routeEvent('getSpec', { authorizer: auth, pathParameters: { specId } }), 200)).calls,
    ).toBe(1);
    const patch = routeEvent('updateSpec', { authorizer: auth, pathParameters: { specId }, body: { name: 'k2' } });
    expect((await callsFor('specs', patch, 200)).calls).toBe(1);
    expect(
      (await callsFor('specs', routeEvent('deleteSpec', { authorizer: auth, pathParameters: { specId } }), 204)).calls,
    ).toBe(1);
  });

  it('serves the internal routes with one call each', async () => {
    const headers = { 'x-api-key': PLATFORM_KEY };
    expect((await callsFor('internal-health', routeEvent('getDeepHealth', { headers }), 200)).calls).toBe(1);
    const orgId = owner.org.id;
    expect(
      (await callsFor('internal-orgs', routeEvent('getOrg', { pathParameters: { orgId }, headers }), 200)).calls,
    ).toBe(1);
    const plan = routeEvent('setOrgPlan', { pathParameters: { orgId }, headers, body: { plan: 'enterprise' } });
    expect((await callsFor('internal-orgs', plan, 200)).calls).toBe(1);
    const userId = owner.user.id;
    expect(
      (await callsFor('internal-users', routeEvent('getUser', { pathParameters: { userId }, headers }), 200)).calls,
    ).toBe(1);
  });

  it('names a case above for every route of the route table', () => {
    const covered = new Set([
      'getHealth',
      'syncCaller',
      'getMe',
      'listSpecs',
      'getTeamOrg',
      'listMembers',
      'listInvitations',
      'listOrgEvents',
      'listApiKeys',
      'renameOrg',
      'createSpec',
      'createApiKey',
      'createInvitation',
      'getSpec',
      'updateSpec',
      'deleteSpec',
      'changeMemberRole',
      'revokeInvitation',
      'revokeApiKey',
      'acceptInvitation',
      'removeMember',
      'getDeepHealth',
      'getOrg',
      'setOrgPlan',
      'getUser',
    ]);
    expect(ROUTES.map((r) => r.operation).filter((op) => !covered.has(op))).toEqual([]);
  });
});

describe('Data API calls of refusals', () => {
  it('refuses without any call what fails before the statement: unparsable bodies, expired tokens, keys on people-only routes', async () => {
    const bad = routeEvent('createSpec', {
      authorizer: owner.auth,
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect((await callsFor('specs', bad, 400)).calls).toBe(0);
    const expired = routeEvent('getMe', { authorizer: authFor(owner.user.id, { exp: 1 }) });
    expect((await callsFor('me', expired, 401)).calls).toBe(0);
    const { auth } = await keyOf();
    expect((await callsFor('org', routeEvent('getTeamOrg', { authorizer: auth }), 403)).calls).toBe(0);
  });

  it('spends one call on input that fails validation: the caller is read first, so 428/403 still come before 400', async () => {
    expect(
      (await callsFor('specs', routeEvent('listSpecs', { authorizer: owner.auth, query: { limit: '0' } }), 400)).calls,
    ).toBe(1);
    const orgField = routeEvent('createSpec', { authorizer: owner.auth, body: { name: 'x', orgId: randomUUID() } });
    expect((await callsFor('specs', orgField, 400)).calls).toBe(1);
    const malformed = routeEvent('getSpec', { authorizer: owner.auth, pathParameters: { specId: 'nope' } });
    expect((await callsFor('specs', malformed, 404)).calls).toBe(1);
    const unsynced = routeEvent('listSpecs', { authorizer: authFor(unsyncedUserId()), query: { limit: '0' } });
    expect((await callsFor('specs', unsynced, 428)).calls).toBe(1);
  });

  it('answers the sync gate, a revoked key and a missing scope with one call each', async () => {
    expect((await callsFor('me', routeEvent('getMe', { authorizer: authFor(unsyncedUserId()) }), 428)).calls).toBe(1);
    const readOnly = await keyOf(['specs:read']);
    const write = routeEvent('createSpec', { authorizer: readOnly.auth, body: { name: `k-${randomUUID()}` } });
    expect((await callsFor('specs', write, 403)).calls).toBe(1);
    const revoked = await keyOf();
    await call(
      handlers['org-api-keys'],
      routeEvent('revokeApiKey', { authorizer: owner.auth, pathParameters: { keyId: revoked.key.id } }),
    );
    expect((await callsFor('specs', routeEvent('listSpecs', { authorizer: revoked.auth }), 401)).calls).toBe(1);
  });
});
