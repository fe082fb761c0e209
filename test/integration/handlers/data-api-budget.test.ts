/**
 * The Data API budget, measured on the wire: a counting proxy sits between the real handler
 * modules and the local Data API. An authenticated read costs at most 2 calls (the users row,
 * then the read).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { routeEvent } from '../../support/apigw-events';
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

const db = testDb();
let proxy: CountingProxy;
let handlers: Handlers;
let owner: Awaited<ReturnType<typeof syncedOwner>>;
let specId: string;

beforeAll(async () => {
  proxy = await startCountingProxy(mainDataApi().endpoint);
  handlers = await loadHandlers({ dataApiEndpoint: proxy.url });
  owner = await syncedOwner(db);
  specId = (
    await call(
      handlers.specs,
      routeEvent('createSpec', { authorizer: owner.auth, body: { name: `budget-${randomUUID().slice(0, 8)}` } }),
    )
  ).json.id;
});
afterAll(() => proxy.close());

async function callsFor(
  fn: keyof Handlers,
  event: () => APIGatewayProxyEvent,
  expectedStatus: number,
): Promise<number> {
  proxy.reset();
  const res = await call(handlers[fn], event());
  expect(res.status).toBe(expectedStatus);
  return proxy.total();
}

describe('Data API calls per request', () => {
  it.each([
    ['GET /api/me', 'me', () => routeEvent('getMe', { authorizer: owner.auth }), 200],
    ['GET /api/specs', 'specs', () => routeEvent('listSpecs', { authorizer: owner.auth }), 200],
    [
      'GET /api/specs/{specId}',
      'specs',
      () => routeEvent('getSpec', { authorizer: owner.auth, pathParameters: { specId } }),
      200,
    ],
    [
      'GET /api/specs/{specId} (not found)',
      'specs',
      () => routeEvent('getSpec', { authorizer: owner.auth, pathParameters: { specId: randomUUID() } }),
      404,
    ],
  ] as const)('%s costs at most 2', async (_, fn, event, status) => {
    expect(await callsFor(fn, event, status)).toBeLessThanOrEqual(2);
  });

  it('rejects without any call what fails before the auth context: unparsable bodies, expired tokens, wrong methods', async () => {
    expect(
      await callsFor(
        'specs',
        () =>
          routeEvent('createSpec', {
            authorizer: owner.auth,
            body: '{"name":',
            headers: { 'content-type': 'application/json' },
          }),
        400,
      ),
    ).toBe(0);
    expect(
      await callsFor('me', () => routeEvent('getMe', { authorizer: authFor(owner.user.id, { exp: 1 }) }), 401),
    ).toBe(0);
    expect(await callsFor('health', () => routeEvent('getHealth'), 200)).toBe(0);
  });

  it('spends only the users-row call on input that fails validation (validation follows the auth context)', async () => {
    expect(
      await callsFor('specs', () => routeEvent('listSpecs', { authorizer: owner.auth, query: { limit: '0' } }), 400),
    ).toBe(1);
    expect(
      await callsFor(
        'specs',
        () => routeEvent('createSpec', { authorizer: owner.auth, body: { name: 'x', orgId: randomUUID() } }),
        400,
      ),
    ).toBe(1);
    expect(
      await callsFor(
        'specs',
        () => routeEvent('getSpec', { authorizer: owner.auth, pathParameters: { specId: 'nope' } }),
        404,
      ),
    ).toBe(1);
  });

  it('answers the sync gate with one call', async () => {
    expect(await callsFor('me', () => routeEvent('getMe', { authorizer: authFor(unsyncedUserId()) }), 428)).toBe(1);
  });

  it('serves the internal reads with one call', async () => {
    const headers = { 'x-api-key': PLATFORM_KEY };
    expect(
      await callsFor(
        'internal-orgs',
        () => routeEvent('getOrg', { pathParameters: { orgId: owner.org.id }, headers }),
        200,
      ),
    ).toBe(1);
    expect(
      await callsFor(
        'internal-users',
        () => routeEvent('getUser', { pathParameters: { userId: owner.user.id }, headers }),
        200,
      ),
    ).toBe(1);
  });
});
