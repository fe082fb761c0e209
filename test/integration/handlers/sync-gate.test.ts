import { randomUUID } from 'node:crypto';
import { ROUTES, type RouteDefinition } from '../../../lambdas/routes';
import { nowSeconds, routeEvent } from '../../support/apigw-events';
import { authFor, call, loadHandlers, unsyncedUserId, type Handlers } from './harness';

let handlers: Handlers;

beforeAll(async () => {
  handlers = await loadHandlers();
});

const userRoutes = ROUTES.filter((r) => r.auth === 'user');

/** A valid body for each user route that takes one. */
const BODIES: Record<string, () => object> = {
  createSpec: () => ({ name: `gate-${randomUUID().slice(0, 8)}` }),
  updateSpec: () => ({ name: `gate-${randomUUID().slice(0, 8)}` }),
  renameOrg: () => ({ name: `gate-${randomUUID().slice(0, 8)}` }),
  changeMemberRole: () => ({ role: 'admin' }),
  createInvitation: () => ({ email: `gate-${randomUUID().slice(0, 8)}@example.com`, role: 'member' }),
  createApiKey: () => ({ name: `gate-${randomUUID().slice(0, 8)}`, scopes: ['specs:read'] }),
};

/** A well-formed request for the route: the only thing wrong with it is the caller. */
function validEvent(route: RouteDefinition, sub: string, options: { exp?: number } = {}) {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, randomUUID()]);
  return routeEvent(route.operation, {
    authorizer: authFor(sub, options),
    ...(params.length > 0 ? { pathParameters: Object.fromEntries(params) } : {}),
    ...(route.body ? { body: BODIES[route.operation]!() } : {}),
  });
}

describe('the sync gate', () => {
  it('covers every user route of the table', () => {
    expect(userRoutes.map((r) => r.operation).sort()).toEqual([
      'changeMemberRole',
      'createApiKey',
      'createInvitation',
      'createSpec',
      'deleteSpec',
      'getMe',
      'getSpec',
      'getTeamOrg',
      'listApiKeys',
      'listInvitations',
      'listMembers',
      'listOrgEvents',
      'listSpecs',
      'removeMember',
      'renameOrg',
      'revokeApiKey',
      'revokeInvitation',
      'updateSpec',
    ]);
    expect(Object.keys(BODIES).sort()).toEqual(
      userRoutes
        .filter((r) => r.body)
        .map((r) => r.operation)
        .sort(),
    );
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
      // A random id in the path is simply not found once synced; everything else succeeds.
      expect(after.status).toBe(route.path.includes('{') ? 404 : route.method === 'POST' ? 201 : 200);
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
