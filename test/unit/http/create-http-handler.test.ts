import { Logger } from '@aws-lambda-powertools/logger';
import { jest } from '@jest/globals';
import type { RouteDefinition } from '../../../lambdas/routes';
import type { CallerRow } from '../../../lambdas/shared/http/auth-context';
import { createHttpHandler, TIMEOUT_MARGIN_MS } from '../../../lambdas/shared/http/create-http-handler';
import { operation } from '../../../lambdas/shared/http/operation';
import { staticPlatformKey } from '../../../lambdas/shared/http/platform-key';
import type { Caller, OperationInput } from '../../../lambdas/shared/http/types';
import { authorizerContext, lambdaContext, nowSeconds, restEvent } from '../../support/apigw-events';

const ORIGIN = 'https://app.intello.io';
const KEY = 'pk_test_0123456789abcdefghij';
const alice = {
  id: '11111111-1111-4111-8111-111111111111',
  orgId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  role: 'owner',
  email: 'alice@example.com',
};

const routes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/things',
    function: 'specs',
    operation: 'echo',
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
  { method: 'GET', path: '/boom', function: 'specs', operation: 'boom', auth: 'none', api: 'public' },
  { method: 'GET', path: '/hang', function: 'specs', operation: 'hang', auth: 'none', api: 'public' },
  { method: 'GET', path: '/token', function: 'specs', operation: 'echo', auth: 'token', api: 'public' },
  { method: 'GET', path: '/platform', function: 'specs', operation: 'echo', auth: 'apiKey', api: 'internal' },
];

/** An in-memory users table: the stack's unit tests are about the middleware, not the store. */
const users = new Map<string, CallerRow>([[alice.id, alice]]);
const calls: string[] = [];

function echo(input: OperationInput<Caller>) {
  return Promise.resolve({ status: 200, body: { auth: input.auth, query: input.query } });
}

const operations = {
  echo: operation<unknown, Caller>()({ query: { q: { type: 'string', optional: true } }, run: echo }),
  create: operation<unknown, Caller>()({
    body: { name: { type: 'string', minLength: 1 } },
    run: async (input) => ({ status: 201, body: { name: input.body.name } }),
  }),
  open: operation<unknown, Caller>()({ run: async () => ({ status: 204 }) }),
  hang: operation<unknown, Caller>()({ run: () => new Promise(() => undefined) }),
  boom: operation<unknown, Caller>()({
    run: async () => {
      throw new Error('connection to 10.0.0.5 refused');
    },
  }),
};

const logger = new Logger({ serviceName: 'stack-test' });
const handler = createHttpHandler({
  functionName: 'specs',
  routes,
  operations,
  deps: {},
  logger,
  corsAllowedOrigins: [ORIGIN],
  auth: {
    clockSkewSeconds: 30,
    findCaller: async (id) => {
      calls.push(id);
      return users.get(id) ?? null;
    },
  },
  platformKey: staticPlatformKey(KEY),
});

const userAuth = (sub = alice.id, exp = nowSeconds() + 600) =>
  authorizerContext({ sub, email: 'token@example.com', exp });

async function invoke(event: Parameters<typeof handler>[0]) {
  const response = await handler(event, lambdaContext('specs'));
  return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
}

/** Captures what Powertools Logger writes: JSON lines on stdout, errors on stderr. */
async function captureLogs<T>(fn: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const collect = (chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(collect),
    jest.spyOn(process.stderr, 'write').mockImplementation(collect),
  ];
  try {
    return { result: await fn(), lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('createHttpHandler', () => {
  it('hands a user route the caller to read in its statement, without a query, and the security headers', async () => {
    calls.length = 0;
    const res = await invoke(
      restEvent({ method: 'GET', resource: '/things', authorizer: userAuth(), headers: { Origin: ORIGIN } }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json.auth).toEqual({
      kind: 'ref',
      subject: 'user',
      id: alice.id,
      minRole: 'member',
      scope: 'any',
      now: expect.any(String),
    });
    expect(calls).toEqual([]);
    expect(res.headers).toMatchObject({
      'content-type': 'application/json',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': 'max-age=63072000; includeSubDomains',
      'cache-control': 'no-store',
      'access-control-allow-origin': ORIGIN,
      vary: 'origin',
    });
  });

  it('puts the security and CORS headers on error responses too (428 before the input error)', async () => {
    const res = await invoke(
      restEvent({
        method: 'GET',
        resource: '/things',
        query: { nope: '1' },
        authorizer: userAuth('22222222-2222-4222-8222-222222222222'),
        headers: { origin: ORIGIN },
        requestId: 'req-428',
      }),
    );
    expect(res.statusCode).toBe(428);
    expect(res.json).toEqual({
      error: {
        code: 'user_not_synced',
        message: 'user account not synced, call POST /auth/sync first',
        requestId: 'req-428',
      },
    });
    expect(res.headers).toMatchObject({
      'content-type': 'application/json',
      'x-frame-options': 'DENY',
      'access-control-allow-origin': ORIGIN,
    });
  });

  it('gives no CORS allowance to an origin that is not configured', async () => {
    const res = await invoke(
      restEvent({ method: 'GET', resource: '/open', headers: { Origin: 'https://evil.example' } }),
    );
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers?.['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 405 method_not_allowed for a method the function does not serve', async () => {
    const res = await invoke(restEvent({ method: 'DELETE', resource: '/things', authorizer: userAuth() }));
    expect(res.statusCode).toBe(405);
    expect(res.json.error.code).toBe('method_not_allowed');
  });

  it('answers 404 not_found for a resource the function does not serve (a wiring mistake)', async () => {
    const res = await invoke(restEvent({ method: 'GET', resource: '/elsewhere', authorizer: userAuth() }));
    expect(res.statusCode).toBe(404);
    expect(res.json.error).toMatchObject({ code: 'not_found', message: 'no such route' });
  });

  it('answers 401 token_expired for a cached Allow past exp, before touching the database', async () => {
    calls.length = 0;
    const res = await invoke(
      restEvent({ method: 'GET', resource: '/things', authorizer: userAuth(alice.id, nowSeconds() - 120) }),
    );
    expect(res.statusCode).toBe(401);
    expect(res.json.error).toMatchObject({ code: 'token_expired' });
    expect(calls).toEqual([]);
  });

  it('answers 401 unauthorized and logs loudly when the authorizer context is missing', async () => {
    const { result, lines } = await captureLogs(() =>
      invoke(restEvent({ method: 'GET', resource: '/things', authorizer: null })),
    );
    expect(result.statusCode).toBe(401);
    expect(result.json.error.code).toBe('unauthorized');
    expect(lines.find((l) => l.level === 'ERROR')?.message).toContain('check the API Gateway authorizer wiring');
  });

  it('skips the sync gate on token routes', async () => {
    const sub = '33333333-3333-4333-8333-333333333333';
    const res = await invoke(restEvent({ method: 'GET', resource: '/token', authorizer: userAuth(sub) }));
    expect(res.statusCode).toBe(200);
    expect(res.json.auth).toMatchObject({ kind: 'token', userId: sub, email: 'token@example.com' });
  });

  it("checks the platform key on apiKey routes, whatever the header's case", async () => {
    expect(
      (await invoke(restEvent({ method: 'GET', resource: '/platform', headers: { 'X-API-Key': KEY } }))).statusCode,
    ).toBe(200);
    expect(
      (await invoke(restEvent({ method: 'GET', resource: '/platform', headers: { 'x-api-key': `${KEY}x` } }))).json
        .error.code,
    ).toBe('forbidden');
    expect((await invoke(restEvent({ method: 'GET', resource: '/platform' }))).statusCode).toBe(403);
  });

  it('hides an unknown error behind internal_error and logs its cause once', async () => {
    const { result, lines } = await captureLogs(() =>
      invoke(restEvent({ method: 'GET', resource: '/boom', requestId: 'req-boom' })),
    );
    expect(result.statusCode).toBe(500);
    expect(result.json).toEqual({
      error: { code: 'internal_error', message: 'internal error', requestId: 'req-boom' },
    });
    expect(result.body).not.toContain('10.0.0.5');
    const errors = lines.filter((l) => l.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('10.0.0.5');
    expect(errors[0]?.correlation_id).toBe('req-boom');
  });

  it('answers 503 before the Lambda timeout when the operation does not finish in time', async () => {
    const context = { ...lambdaContext('specs'), getRemainingTimeInMillis: () => TIMEOUT_MARGIN_MS + 5 };
    const response = await handler(restEvent({ method: 'GET', resource: '/hang' }), context);
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body).error).toMatchObject({
      code: 'service_unavailable',
      message: 'the request took too long, retry shortly',
    });
    expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff' });
  });

  it('logs user_id, and org_id once a caller row is read, and drops them on the next invocation', async () => {
    const { lines } = await captureLogs(async () => {
      await invoke(
        restEvent({
          method: 'GET',
          resource: '/things',
          query: { nope: '1' },
          authorizer: userAuth(),
          requestId: 'req-user',
        }),
      );
      await invoke(
        restEvent({
          method: 'POST',
          resource: '/things',
          body: 'not json',
          authorizer: userAuth(),
          requestId: 'req-anon',
        }),
      );
      await invoke(restEvent({ method: 'GET', resource: '/boom', requestId: 'req-next' }));
    });
    const byRequest = (id: string) => lines.find((l) => l.correlation_id === id);
    expect(byRequest('req-user')).toMatchObject({ user_id: alice.id, org_id: alice.orgId });
    expect(byRequest('req-anon')).toBeDefined();
    expect(byRequest('req-anon')).not.toHaveProperty('user_id');
    expect(byRequest('req-next')).not.toHaveProperty('user_id');
    expect(byRequest('req-next')).not.toHaveProperty('org_id');
  });

  it('validates the body strictly and passes the typed body on', async () => {
    const ok = await invoke(
      restEvent({ method: 'POST', resource: '/things', body: { name: 'a' }, authorizer: userAuth() }),
    );
    expect(ok).toMatchObject({ statusCode: 201, json: { name: 'a' } });
    const smuggled = await invoke(
      restEvent({
        method: 'POST',
        resource: '/things',
        body: { name: 'a', orgId: alice.orgId },
        authorizer: userAuth(),
      }),
    );
    expect(smuggled.statusCode).toBe(400);
    expect(smuggled.json.error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'body.orgId', message: 'is not allowed' }],
    });
  });

  it('refuses a body on a route that takes none', async () => {
    const res = await invoke(
      restEvent({ method: 'GET', resource: '/things', body: { org_id: alice.orgId }, authorizer: userAuth() }),
    );
    expect(res.json.error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'body', message: 'is not allowed' }],
    });
  });

  it('fails at load time on a mistyped option or a route without its wiring', () => {
    expect(() =>
      createHttpHandler({ functionName: 'specs', routes, operations: {}, deps: {}, logger, corsAllowedOrigins: [] }),
    ).toThrow('no operation for GET /things');
    expect(() =>
      createHttpHandler({
        functionName: 'specs',
        routes: routes.slice(0, 1),
        operations,
        deps: {},
        logger,
        corsAllowedOrigins: [],
      }),
    ).toThrow('needs auth options');
    expect(() =>
      createHttpHandler({
        functionName: 'specs',
        routes: routes.filter((r) => r.auth === 'apiKey'),
        operations,
        deps: {},
        logger,
        corsAllowedOrigins: [],
      }),
    ).toThrow('needs a platform key source');
  });
});
