import { randomUUID } from 'node:crypto';
import { ROUTES, type RouteDefinition } from '../../../lambdas/routes';
import { nowSeconds, routeEvent } from '../../support/apigw-events';
import { authFor, call, loadHandlers, unsyncedUserId, type Handlers } from './harness';

let handlers: Handlers;

beforeAll(async () => {
  handlers = await loadHandlers();
});

const userRoutes = ROUTES.filter((r) => r.auth === 'user');

/** A well-formed request for the route: the only thing wrong with it is the caller. */
function validEvent(route: RouteDefinition, sub: string, options: { exp?: number } = {}) {
  return routeEvent(route.operation, {
    authorizer: authFor(sub, options),
    ...(route.path.includes('{specId}') ? { pathParameters: { specId: randomUUID() } } : {}),
    ...(route.path.includes('{keyId}') ? { pathParameters: { keyId: randomUUID() } } : {}),
    ...(route.body
      ? {
          body: {
            name: `gate-${randomUUID().slice(0, 8)}`,
            ...(route.function === 'org-api-keys' ? { scopes: ['specs:read'] } : {}),
          },
        }
      : {}),
  });
}

describe('the sync gate', () => {
  it('covers every user route of the table', () => {
    expect(userRoutes.map((r) => r.operation).sort()).toEqual([
      'createApiKey',
      'createSpec',
      'deleteSpec',
      'getMe',
      'getSpec',
      'listApiKeys',
      'listSpecs',
      'revokeApiKey',
      'updateSpec',
    ]);
  });

  it.each(userRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    'answers 428 to %s before sync and serves it after',
    async (_, route) => {
      const sub = unsyncedUserId();
      const before = await call(handlers[route.function], validEvent(route, sub));
      expect(before.status).toBe(428);
      expect(before.json).toEqual({
        error: {
          code: 'user_not_synced',
          message: 'user account not synced, call POST /auth/sync first',
          requestId: expect.any(String),
        },
      });
      expect(before.headers['content-type']).toBe('application/json');

      expect((await call(handlers['auth-sync'], routeEvent('syncCaller', { authorizer: authFor(sub) }))).status).toBe(
        201,
      );
      const after = await call(handlers[route.function], validEvent(route, sub));
      // A random spec or key id is simply not found once synced; everything else succeeds.
      expect(after.status).toBe(/\{(specId|keyId)\}/.test(route.path) ? 404 : route.method === 'POST' ? 201 : 200);
    },
  );

  it.each(userRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    'answers 401 token_expired to %s when the cached Allow outlived the token',
    async (_, route) => {
      const res = await call(
        handlers[route.function],
        validEvent(route, unsyncedUserId(), { exp: nowSeconds() - 3600 }),
      );
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('token_expired');
    },
  );
});
