import type { RouteDefinition } from '../../../lambdas/routes';
import { matchRoute, route } from '../../../lambdas/shared/http/route';
import { lambdaContext, restEvent } from '../../support/apigw-events';

const routes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/things',
    function: 'specs',
    operation: 'list',
    auth: 'user',
    minRole: 'member',
    api: 'public',
  },
  {
    method: 'POST',
    path: '/things',
    function: 'specs',
    operation: 'create',
    auth: 'user',
    minRole: 'member',
    api: 'public',
    body: true,
  },
  { method: 'GET', path: '/open', function: 'specs', operation: 'open', auth: 'none', api: 'public' },
];

describe('matchRoute', () => {
  it('answers 405 naming the allowed methods for a known resource', () => {
    expect(() => matchRoute(routes, { resource: '/things', httpMethod: 'DELETE' })).toThrow(
      expect.objectContaining({ code: 'method_not_allowed', message: expect.stringContaining('allowed: GET, POST') }),
    );
  });

  it('answers 404 for a resource the function does not serve', () => {
    expect(() => matchRoute(routes, { resource: '/nope', httpMethod: 'GET' })).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });
});

describe('the route middleware', () => {
  it('clears a caller a reused context object still carries', async () => {
    const context = Object.assign(lambdaContext('specs'), {
      caller: { kind: 'platform' as const },
      input: { body: {}, params: {}, query: {} },
    });
    const request = {
      event: restEvent({ method: 'GET', resource: '/open' }),
      context,
      response: undefined,
      error: undefined,
      internal: {},
    };
    await route({ routes }).before!(request);
    expect(context.caller).toBeUndefined();
    expect(context.input).toBeUndefined();
    expect(context).toMatchObject({ route: { operation: 'open' } });
  });
});
