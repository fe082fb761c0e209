import type { RouteDefinition } from '../../../lambdas/routes';
import { ApiError } from '../../../lambdas/shared/api-error';
import { requireRole } from '../../../lambdas/shared/http/require-role';
import type { Caller, HttpRequest } from '../../../lambdas/shared/http/types';
import { ROUTES } from '../../../lambdas/routes';

const route = (minRole?: RouteDefinition['minRole']): RouteDefinition => ({
  method: 'GET',
  path: '/x',
  function: 'org',
  operation: 'x',
  auth: minRole ? 'user' : 'token',
  ...(minRole ? { minRole } : {}),
  api: 'public',
});

const user = (role: string): Caller => ({
  kind: 'user',
  userId: '11111111-1111-4111-8111-111111111111',
  orgId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  role,
  email: 'a@example.com',
});

function run(r: RouteDefinition, caller: Caller) {
  const before = requireRole().before!;
  return () => before({ context: { route: r, caller }, event: {} } as unknown as HttpRequest);
}

describe('requireRole', () => {
  it.each([
    ['member', 'member'],
    ['admin', 'member'],
    ['owner', 'member'],
    ['admin', 'admin'],
    ['owner', 'admin'],
    ['owner', 'owner'],
  ] as const)('lets a %s call a route whose minRole is %s', (role, minRole) => {
    expect(run(route(minRole), user(role))).not.toThrow();
  });

  it.each([
    ['member', 'admin'],
    ['member', 'owner'],
    ['admin', 'owner'],
    ['superuser', 'member'],
  ] as const)('answers a %s 403 forbidden on a route whose minRole is %s', (role, minRole) => {
    const statement = run(route(minRole), user(role));
    expect(statement).toThrow(ApiError);
    expect(statement).toThrow(`this needs the ${minRole} role in the organization`);
    try {
      statement();
    } catch (error) {
      expect((error as ApiError).code).toBe('forbidden');
    }
  });

  it('leaves a route without minRole alone', () => {
    expect(run(route(), { kind: 'token', userId: 'u', email: '', sessionId: '', exp: 0 })).not.toThrow();
  });

  it('names a minimum role for every user route of the table, and for no other', () => {
    for (const r of ROUTES) expect([r.path, r.auth === 'user']).toEqual([r.path, r.minRole !== undefined]);
  });
});
