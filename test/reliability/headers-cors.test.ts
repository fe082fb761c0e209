/**
 * Security headers and CORS on every kind of answer. Through the whole local stack: the
 * handlers' answers (successes and errors) and the gateway's own (401, 403, 404, 413), each with
 * the security headers and the error envelope, and no CORS allowance for any origin, as the
 * local synth configures none (`corsAllowedOrigins` is empty in cdk.json). At the handler level,
 * with origins configured: fast-check over origins and routes shows that exactly the configured
 * origins, spelled exactly, are allowed, on successes and errors alike.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { createHttpHandler } from '../../lambdas/shared/http/create-http-handler';
import { callerFinder } from '../../lambdas/shared/http/auth-context';
import { functionLogger } from '../../lambdas/shared/http/logger';
import { createSpec, deleteSpec, getSpec, listSpecs, updateSpec } from '../../lambdas/shared/store/specs';
import { findUserById } from '../../lambdas/shared/store/users';
import { specsOperations } from '../../lambdas/specs/operations';
import { authorizerContext, lambdaContext, nowSeconds, routeEvent } from '../support/apigw-events';
import { createHttpClient, type HttpAnswer, type HttpClient } from './support/http-client';
import { dataApiOf } from './support/invariants';
import { startReliabilityStack, type ReliabilityStack } from './support/reliability-stack';
import { warmUp } from './support/warm-up';
import { SECURITY_HEADERS, errorCode, isGatewayResponse, universalProblems } from './support/response-checks';

let stack: ReliabilityStack;
let client: HttpClient;
const user = { sub: randomUUID(), token: '' };
const answers = new Map<string, HttpAnswer>();
const EVIL_ORIGIN = 'https://evil.example.com';

/** One request per kind of answer; the name says what must come back. */
const CASES: { name: string; expect: string; send: () => Promise<HttpAnswer> }[] = [];

function add(
  name: string,
  expect: string,
  api: 'public' | 'internal',
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
) {
  CASES.push({
    name,
    expect,
    send: () => {
      const base = api === 'public' ? stack.endpoints.publicApiUrl : stack.endpoints.internalApiUrl;
      const resolved = Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [
          k,
          v.replace('{token}', user.token).replace('{key}', stack.endpoints.platformApiKey),
        ]),
      );
      return client.send({ method, url: `${base}${path}`, headers: { origin: EVIL_ORIGIN, ...resolved }, body });
    },
  });
}

add('health', '200', 'public', 'GET', '/health');
add('the caller', '200', 'public', 'GET', '/api/me', { authorization: 'Bearer {token}' });
add(
  'a created spec',
  '201',
  'public',
  'POST',
  '/api/specs',
  { authorization: 'Bearer {token}', 'content-type': 'application/json' },
  JSON.stringify({ name: 'headers' }),
);
add('a deleted spec', '404 not_found', 'public', 'DELETE', `/api/specs/${randomUUID()}`, {
  authorization: 'Bearer {token}',
});
add(
  'an invalid body',
  '400 validation_failed',
  'public',
  'POST',
  '/api/specs',
  { authorization: 'Bearer {token}', 'content-type': 'application/json' },
  JSON.stringify({ name: '', orgId: randomUUID() }),
);
add(
  'malformed JSON',
  '400 bad_request',
  'public',
  'POST',
  '/api/specs',
  { authorization: 'Bearer {token}', 'content-type': 'application/json' },
  '{"name":',
);
add(
  'a malformed spec id (not found, as no such spec can exist)',
  '404 not_found',
  'public',
  'GET',
  '/api/specs/not-a-uuid',
  { authorization: 'Bearer {token}' },
);
add(
  'a duplicate name',
  '409 conflict',
  'public',
  'POST',
  '/api/specs',
  { authorization: 'Bearer {token}', 'content-type': 'application/json' },
  JSON.stringify({ name: 'headers' }),
);
add('no Authorization header (gateway)', '401 unauthorized', 'public', 'GET', '/api/me');
add('a token that is not a JWT (gateway, authorizer Deny)', '401 unauthorized', 'public', 'GET', '/api/me', {
  authorization: 'Bearer not-a-jwt',
});
add('an unknown route (gateway)', '404 not_found', 'public', 'GET', '/api/nothing-here');
add('an unknown method (gateway)', '404 not_found', 'public', 'DELETE', '/health');
add('a CORS preflight, none configured (gateway)', '404 not_found', 'public', 'OPTIONS', '/api/me', {
  'access-control-request-method': 'GET',
});
add(
  'a body over 10 MB (gateway)',
  '413 payload_too_large',
  'public',
  'POST',
  '/api/specs',
  { authorization: 'Bearer {token}', 'content-type': 'application/json' },
  Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
);
add('the internal API without a key (gateway)', '403 forbidden', 'internal', 'GET', `/internal/users/${randomUUID()}`);
add('an unknown user on the internal API', '404 not_found', 'internal', 'GET', `/internal/users/${randomUUID()}`, {
  'x-api-key': '{key}',
});

beforeAll(async () => {
  stack = await startReliabilityStack();
  client = createHttpClient({ connections: 4 });
  user.token = await stack.auth!.control.signAccessToken({ sub: user.sub, email: 'headers@example.com' });
  // The first request pays the cold starts (the authorizer's and the function's), which can
  // exceed Lambda's init limit on a loaded machine: retry until the user is synced.
  await warmUp(
    () =>
      client.send({
        method: 'POST',
        url: `${stack.endpoints.publicApiUrl}/auth/sync`,
        headers: { authorization: `Bearer ${user.token}` },
      }),
    { parallel: 1, accept: (a) => a.status === 201 || a.status === 200 },
  );
  for (const c of CASES) answers.set(c.name, await c.send());
}, 15 * 60_000);

afterAll(async () => {
  client?.close();
  await stack?.close();
}, 60_000);

describe('every answer of the local stack', () => {
  it.each(CASES.map((c) => [c.name, c.expect] as const))('%s: answers %s', (name, expected) => {
    const answer = answers.get(name)!;
    expect(`${answer.status} ${errorCode(answer) ?? ''}`.trim()).toBe(expected);
  });

  it.each(CASES.map((c) => [c.name] as const))(
    '%s: carries the security headers and the envelope, and leaks nothing',
    (name) => {
      expect(universalProblems(answers.get(name)!)).toEqual([]);
    },
  );

  it.each(CASES.map((c) => [c.name] as const))(
    '%s: gives no CORS allowance to an origin that is not configured',
    (name) => {
      const answer = answers.get(name)!;
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    },
  );

  it('exercises both the gateway and the handlers', () => {
    const gateway = [...answers.values()].filter(isGatewayResponse).length;
    expect(gateway).toBeGreaterThanOrEqual(6);
    expect(answers.size - gateway).toBeGreaterThanOrEqual(6);
  });

  it('gives the gateway answers the same security headers as the handlers', () => {
    const gatewayAnswers = [...answers.values()].filter(isGatewayResponse);
    expect(gatewayAnswers.length).toBeGreaterThan(0);
    for (const answer of gatewayAnswers) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect([name, answer.headers[name]]).toEqual([name, value]);
    }
  });
});

describe('CORS in the handlers, with origins configured', () => {
  const ALLOWED = ['https://app.intello.io', 'http://localhost:5173'];
  let handler: ReturnType<typeof createHttpHandler>;
  let auth: Record<string, string | number>;

  beforeAll(() => {
    const db = dataApiOf(stack.endpoints);
    handler = createHttpHandler({
      functionName: 'specs',
      operations: specsOperations,
      deps: { db, store: { createSpec, getSpec, listSpecs, updateSpec, deleteSpec } },
      logger: functionLogger('specs', { POWERTOOLS_LOG_LEVEL: 'CRITICAL' }),
      corsAllowedOrigins: ALLOWED,
      auth: { clockSkewSeconds: 30, findCaller: callerFinder(db, findUserById) },
    });
    auth = authorizerContext({ sub: user.sub, email: 'headers@example.com', exp: nowSeconds() + 600 });
  });

  const origin = fc.oneof(
    fc.constantFrom(...ALLOWED),
    fc.constantFrom(
      'https://app.intello.io/',
      'https://APP.intello.io',
      'https://app.intello.io.evil.com',
      'https://evil.com/https://app.intello.io',
      'http://app.intello.io',
      'https://app.intello.io:443',
      'null',
      '*',
      '',
      'http://localhost:5174',
      ' https://app.intello.io',
    ),
    fc.webUrl().map((url) => new URL(url).origin),
    fc.string({ maxLength: 30 }),
  );
  const request = fc.constantFrom(
    { operation: 'listSpecs', options: {} },
    { operation: 'getSpec', options: { pathParameters: { specId: randomUUID() } } },
    { operation: 'getSpec', options: { pathParameters: { specId: 'nope' } } },
    { operation: 'createSpec', options: { body: { name: '' } } },
    { operation: 'deleteSpec', options: { pathParameters: { specId: randomUUID() }, authorizer: null } },
  );

  it(
    'allows exactly the configured origins, never a wildcard or credentials, on successes and errors (200 cases)',
    async () => {
      await fc.assert(
        fc.asyncProperty(origin, request, async (sentOrigin, { operation, options }) => {
          const event = routeEvent(operation, {
            authorizer: auth,
            ...options,
            headers: { origin: sentOrigin, ...('body' in options ? { 'content-type': 'application/json' } : {}) },
          });
          const response = (await handler(event, lambdaContext('specs'))) as {
            statusCode: number;
            headers: Record<string, string>;
            body: string;
          };
          const headers = Object.fromEntries(
            Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
          );
          expect(headers['access-control-allow-origin']).toBe(ALLOWED.includes(sentOrigin) ? sentOrigin : undefined);
          expect(headers['access-control-allow-credentials']).toBeUndefined();
          expect(headers.vary?.toLowerCase()).toContain('origin');
          for (const [name, value] of Object.entries(SECURITY_HEADERS))
            expect([name, headers[name]]).toEqual([name, value]);
        }),
        { numRuns: 200 },
      );
    },
    5 * 60_000,
  );
});
