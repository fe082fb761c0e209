/**
 * The gateway emulator end to end: a synthesized two-stack CDK app, its bundled handlers run by
 * the worker-thread Lambda runtime, real HTTP on loopback. Time for the authorizer cache and the
 * usage-plan throttle comes from an injected clock, moved forward by the test.
 */
import { loadCloudAssembly, type CloudAssembly } from '../../../local/gateway/cloud-assembly';
import { localFunctionDefinitions } from '../../../local/gateway/functions';
import { buildApiModels, type RestApiModel } from '../../../local/gateway/model';
import { startGatewayServer, type GatewayServer } from '../../../local/gateway/server';
import { createLambdaRuntime, type LambdaRuntime } from '../../../local/lambda/runtime';
import {
  DISABLED_KEY,
  INTERNAL_KEY,
  PUBLIC_PLAN_KEY,
  synthFixtureApp,
  type FixtureApp,
} from '../../unit/local/gateway/fixture-app';

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

async function call(server: GatewayServer, path: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const bearer = (word: string) => ({ headers: { Authorization: `Bearer ${word}` } });

describe('the gateway emulator', () => {
  let fixture: FixtureApp;
  let assembly: CloudAssembly;
  let models: RestApiModel[];
  let lambdas: LambdaRuntime;
  let publicServer: GatewayServer;
  let internalServer: GatewayServer;
  let now = Date.UTC(2026, 10, 29, 12);
  const clock = () => now;
  const echoName = () => assembly.functions.find((fn) => fn.logicalId.startsWith('EchoFn'))!.functionName;
  const authorizerName = () => assembly.functions.find((fn) => fn.stackName === 'FixtureAuth')!.functionName;

  beforeAll(async () => {
    fixture = synthFixtureApp();
    assembly = loadCloudAssembly(fixture.outdir);
    models = buildApiModels(assembly, { secrets: fixture.secrets });
    lambdas = createLambdaRuntime(
      localFunctionDefinitions(assembly, { environment: { STAGE_URL: 'http://127.0.0.1' } }),
    );
    publicServer = await startGatewayServer({ api: models.find((m) => m.name === 'PublicApi')!, lambdas, clock });
    internalServer = await startGatewayServer({ api: models.find((m) => m.name === 'InternalApi')!, lambdas, clock });
  }, 60_000);

  afterAll(async () => {
    await publicServer?.close();
    await internalServer?.close();
    await lambdas?.close();
    fixture?.cleanup();
  });

  describe('routing and proxy events', () => {
    it('serves a route without the stage prefix and tells the function the stage, resource and ids', async () => {
      const reply = await call(publicServer, '/health?tag=a&tag=b', { headers: { 'X-Multi': 'one' } });
      expect(reply.status).toBe(200);
      const { event } = reply.json;
      expect(event).toMatchObject({
        resource: '/health',
        path: '/health',
        httpMethod: 'GET',
        queryStringParameters: { tag: 'b' },
        multiValueQueryStringParameters: { tag: ['a', 'b'] },
        pathParameters: null,
        stageVariables: null,
        body: null,
        isBase64Encoded: false,
        requestContext: {
          stage: 'v1',
          path: '/v1/health',
          resourcePath: '/health',
          httpMethod: 'GET',
          accountId: '000000000000',
          identity: { sourceIp: '127.0.0.1' },
        },
      });
      expect(event.headers['X-Multi']).toBe('one');
      expect(event.requestContext.apiId).toBe(models.find((m) => m.name === 'PublicApi')!.apiId);
      expect(reply.headers.get('x-amzn-requestid')).toBe(event.requestContext.requestId);
      expect(reply.headers.get('x-amz-apigw-id')).toBe(event.requestContext.extendedRequestId);
      expect(reply.headers.get('x-amz-apigw-id')).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      expect(event.requestContext).not.toHaveProperty('authorizer');
    });

    it('gives the function and the client one trace id: a new root, or the one the client sent', async () => {
      const fresh = await call(publicServer, '/health');
      expect(fresh.json.event.headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      expect(fresh.headers.get('x-amzn-trace-id')).toBe(fresh.json.event.headers['X-Amzn-Trace-Id']);
      const again = await call(publicServer, '/health');
      expect(again.headers.get('x-amzn-trace-id')).not.toBe(fresh.headers.get('x-amzn-trace-id'));

      const sent = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
      const continued = await call(publicServer, '/health', { headers: { 'X-Amzn-Trace-Id': sent } });
      expect(continued.json.event.headers['X-Amzn-Trace-Id']).toBe(sent);
      expect(continued.headers.get('x-amzn-trace-id')).toBe(sent);
    });

    it('returns the function’s status, headers and multi-value headers', async () => {
      const reply = await call(publicServer, '/health?status=418');
      expect(reply.status).toBe(418);
      expect(reply.headers.get('x-echo')).toBe('yes');
      expect(reply.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    });

    it('fills {proxy+} with the rest of the path', async () => {
      const reply = await call(publicServer, '/files/a/b%20c/d.txt', { method: 'DELETE' });
      expect(reply.json.event).toMatchObject({
        resource: '/files/{proxy+}',
        path: '/files/a/b%20c/d.txt',
        httpMethod: 'DELETE',
        pathParameters: { proxy: 'a/b%20c/d.txt' },
      });
    });

    it('answers an unknown resource or method with MISSING_AUTHENTICATION_TOKEN and invokes nothing', async () => {
      const before = lambdas.stats(echoName()).invocations;
      for (const [path, method] of [
        ['/nope', 'GET'],
        ['/health', 'POST'],
        ['/api', 'GET'],
        ['/internal/orgs', 'GET'],
      ] as const) {
        const reply = await call(publicServer, path, { method });
        expect([path, method, reply.status, reply.text]).toEqual([
          path,
          method,
          403,
          '{"message":"Missing Authentication Token"}',
        ]);
        expect(reply.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
      }
      expect(lambdas.stats(echoName()).invocations).toBe(before);
    });

    it('passes a binary request body as base64 and decodes a base64 response the client accepts', async () => {
      const upload = await call(publicServer, '/files/logo.png', {
        method: 'PUT',
        headers: { 'Content-Type': 'image/png' },
        body: Buffer.from([137, 80, 78, 71]),
      });
      expect(upload.json.event).toMatchObject({ body: 'iVBORw==', isBase64Encoded: true });
      const text = await call(publicServer, '/files/notes.txt', {
        method: 'PUT',
        headers: { 'Content-Type': 'text/plain' },
        body: 'héllo',
      });
      expect(text.json.event).toMatchObject({ body: 'héllo', isBase64Encoded: false });
      const download = await fetch(`${publicServer.url}/files/logo.png?mode=binary`, {
        headers: { Accept: 'image/png' },
      });
      expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from([137, 80, 78, 71]));
    });

    it('answers a body past 10 MB with 413 REQUEST_TOO_LARGE before the function', async () => {
      const tooLarge = await call(publicServer, '/files/big.txt', {
        method: 'PUT',
        headers: { 'Content-Type': 'text/plain' },
        body: 'x'.repeat(10 * 1024 * 1024 + 1),
      });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers.get('x-amzn-errortype')).toBe('RequestTooLargeException');
      expect(tooLarge.json).toEqual({ message: 'Request Too Long' });
    });

    it('runs the function with the template environment and local overrides', async () => {
      const reply = await call(publicServer, '/health');
      expect(reply.json.env).toEqual({
        GREETING: 'hello',
        AUTHORIZER_ARN: assembly.ssmParameters['/fixture/authorizer-arn'],
        STAGE_URL: 'http://127.0.0.1',
      });
      expect(reply.json.functionName).toBe(echoName());
    });
  });

  describe('Lambda failures', () => {
    it.each(['malformed', 'throw', 'hang', 'crash'])(
      'answers 502 with the DEFAULT_5XX headers when the function %ss, and recovers',
      async (mode) => {
        const reply = await call(publicServer, `/health?mode=${mode}`);
        expect(reply.status).toBe(502);
        expect(reply.text).toBe('{"message": "Internal server error"}');
        expect(reply.headers.get('access-control-allow-origin')).toBe('*');
        expect((await call(publicServer, '/health')).status).toBe(200);
      },
    );
  });

  describe('the integration timeout', () => {
    it('answers 504 when the function outlasts the method’s integration timeout', async () => {
      const reply = await call(publicServer, '/impatient?mode=sleep');
      expect([reply.status, reply.text]).toEqual([504, '{"message": "Endpoint request timed out"}']);
      expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  describe('the TOKEN authorizer', () => {
    const invocations = () => publicServer.stats.authorizerInvocations;

    it('answers 401 without invoking the authorizer when the header is missing, empty or fails the regex', async () => {
      const before = invocations();
      for (const headers of [
        {},
        { Authorization: '' },
        { Authorization: 'Bearer not valid!' },
        { Authorization: 'Basic abc' },
      ] as Record<string, string>[]) {
        const reply = await call(publicServer, '/api/me', { headers });
        expect(reply.status).toBe(401);
        expect(reply.json).toEqual({
          error: { code: 'unauthorized', message: 'Unauthorized', requestId: reply.headers.get('x-amzn-requestid') },
        });
        expect(reply.headers.get('access-control-allow-origin')).toBe('*');
      }
      expect(invocations()).toBe(before);
    });

    it('invokes with the TOKEN event and hands the stringified context to the backend', async () => {
      const reply = await call(publicServer, '/api/me', bearer('allow-alice'));
      const api = models.find((m) => m.name === 'PublicApi')!;
      expect(reply.status).toBe(200);
      expect(reply.json.event.requestContext.authorizer).toEqual({
        principalId: 'alice',
        sub: 'alice',
        exp: '1700000000',
        admin: 'false',
        calls: expect.stringMatching(/^\d+$/),
        methodArn: `arn:aws:execute-api:us-east-1:000000000000:${api.apiId}/v1/GET/api/me`,
        integrationLatency: expect.any(Number),
      });
      expect(reply.json.event.headers.Authorization).toBe('Bearer allow-alice');
    });

    it('caches the output per token for the TTL, across routes, then invokes again', async () => {
      await call(publicServer, '/api/me', bearer('allow-bob'));
      const afterFirst = invocations();
      const again = await call(publicServer, '/api/specs/42', { method: 'PATCH', ...bearer('allow-bob') });
      expect(again.status).toBe(200);
      expect(again.json.event.pathParameters).toEqual({ specId: '42' });
      expect(invocations()).toBe(afterFirst);
      await call(publicServer, '/api/me', bearer('allow-carol'));
      expect(invocations()).toBe(afterFirst + 1);
      now += 299_000;
      await call(publicServer, '/api/me', bearer('allow-bob'));
      expect(invocations()).toBe(afterFirst + 1);
      now += 1_000;
      await call(publicServer, '/api/me', bearer('allow-bob'));
      expect(invocations()).toBe(afterFirst + 2);
    });

    it('re-evaluates a cached policy against each route: Resource = methodArn denies the next route', async () => {
      expect((await call(publicServer, '/api/me', bearer('first-route'))).status).toBe(200);
      const before = invocations();
      const other = await call(publicServer, '/api/specs/1', bearer('first-route'));
      expect(other.status).toBe(401);
      expect(other.json).toEqual({ error: { code: '', message: 'User is not authorized to access this resource' } });
      expect(invocations()).toBe(before);
    });

    it('answers a Deny with ACCESS_DENIED, its context readable in the template, and caches the Deny', async () => {
      const reply = await call(publicServer, '/api/me', bearer('deny'));
      expect(reply.status).toBe(401);
      expect(reply.json).toEqual({
        error: {
          code: 'token_expired',
          message: 'User is not authorized to access this resource with an explicit deny',
        },
      });
      expect(reply.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
      const before = invocations();
      expect((await call(publicServer, '/api/me', bearer('deny'))).status).toBe(401);
      expect(invocations()).toBe(before);
    });

    it('denies a method the policy does not cover', async () => {
      expect((await call(publicServer, '/api/specs/1', bearer('get-only'))).status).toBe(200);
      const reply = await call(publicServer, '/api/specs/1', { method: 'DELETE', ...bearer('get-only') });
      expect(reply.status).toBe(401);
      expect(reply.json.error.message).toBe('User is not authorized to access this resource');
    });

    it('turns a thrown Unauthorized into 401 and does not cache it', async () => {
      const before = invocations();
      const reply = await call(publicServer, '/api/me', bearer('unauthorized'));
      expect(reply.status).toBe(401);
      expect(reply.json.error).toMatchObject({ code: 'unauthorized', message: 'Unauthorized' });
      await call(publicServer, '/api/me', bearer('unauthorized'));
      expect(invocations()).toBe(before + 2);
    });

    it.each(['boom', 'nested', 'no-policy'])(
      'answers 500 {"message":null} for %s, uncached, never reaching the backend',
      async (word) => {
        const backendBefore = lambdas.stats(echoName()).invocations;
        const before = invocations();
        const reply = await call(publicServer, '/api/me', bearer(word));
        expect(reply.status).toBe(500);
        expect(reply.text).toBe('{"message":null}');
        expect(reply.headers.get('x-amzn-errortype')).toBe('AuthorizerConfigurationException');
        expect(reply.headers.get('access-control-allow-origin')).toBe('*');
        await call(publicServer, '/api/me', bearer(word));
        expect(invocations()).toBe(before + 2);
        expect(lambdas.stats(echoName()).invocations).toBe(backendBefore);
      },
    );

    it('answers 500 AUTHORIZER_FAILURE when the authorizer times out', async () => {
      const reply = await call(publicServer, '/api/me', bearer('hang'));
      expect(reply.status).toBe(500);
      expect(reply.headers.get('x-amzn-errortype')).toBe('AuthorizerFailureException');
      expect(lambdas.stats(authorizerName()).timeouts).toBeGreaterThanOrEqual(1);
    });

    it('invokes on every request with a TTL of 0', async () => {
      const before = invocations();
      await call(publicServer, '/api/uncached', bearer('allow-dave'));
      await call(publicServer, '/api/uncached', bearer('allow-dave'));
      expect(invocations()).toBe(before + 2);
    });
  });

  describe('MOCK integrations', () => {
    it('answers the CDK CORS preflight from the template, without a key', async () => {
      const reply = await call(internalServer, '/internal/orgs', {
        method: 'OPTIONS',
        headers: { Origin: 'https://app.example' },
      });
      expect(reply.status).toBe(204);
      expect(reply.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(reply.headers.get('access-control-allow-methods')).toContain('GET');
    });
  });

  describe('API keys and usage plans', () => {
    it('refuses a missing, unknown, disabled or other-API key with 403 Forbidden', async () => {
      const before = lambdas.stats(echoName()).invocations;
      for (const key of [undefined, 'wrong-key-0123456789abcdef', DISABLED_KEY, PUBLIC_PLAN_KEY]) {
        const reply = await call(
          internalServer,
          '/internal/orgs',
          key === undefined ? {} : { headers: { 'x-api-key': key } },
        );
        expect([key, reply.status, reply.text]).toEqual([key, 403, '{"message":"Forbidden"}']);
        expect(reply.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
      }
      expect(lambdas.stats(echoName()).invocations).toBe(before);
    });

    it('accepts the plan’s key, throttles past the burst with 429 and refills at the rate', async () => {
      now += 60_000;
      const withKey = { headers: { 'x-api-key': INTERNAL_KEY } };
      const first = await call(internalServer, '/internal/orgs/org-1', withKey);
      expect(first.status).toBe(200);
      expect(first.json.event.requestContext.identity).toMatchObject({
        apiKey: INTERNAL_KEY,
        apiKeyId: expect.any(String),
      });
      expect(first.json.event.requestContext.stage).toBe('internal');
      expect(first.json.event.stageVariables).toEqual({ env: 'local' });
      expect((await call(internalServer, '/internal/orgs', withKey)).status).toBe(200);
      expect((await call(internalServer, '/internal/orgs', withKey)).status).toBe(200);
      const throttled = await call(internalServer, '/internal/orgs', withKey);
      expect([throttled.status, throttled.text]).toEqual([429, '{"message":"Too Many Requests"}']);
      now += 1_000;
      expect((await call(internalServer, '/internal/orgs', withKey)).status).toBe(200);
      expect((await call(internalServer, '/internal/orgs', withKey)).status).toBe(429);
    });
  });
});

describe('the gateway emulator with an authorizer the assembly does not define', () => {
  it('fails closed with 500 instead of skipping the authorizer', async () => {
    const fixture = synthFixtureApp({ withoutAuthStack: true });
    const assembly = loadCloudAssembly(fixture.outdir);
    const api = buildApiModels(assembly, { secrets: fixture.secrets }).find((m) => m.name === 'PublicApi')!;
    const lambdas = createLambdaRuntime(localFunctionDefinitions(assembly));
    const lines: string[] = [];
    const server = await startGatewayServer({ api, lambdas, log: (line) => lines.push(line) });
    try {
      const reply = await call(server, '/api/me', bearer('allow-eve'));
      expect([reply.status, reply.text]).toEqual([500, '{"message":null}']);
      expect(lambdas.stats(assembly.functions[0]!.functionName).invocations).toBe(0);
      expect(lines.some((line) => line.includes('warning') && line.includes('/fixture/authorizer-arn'))).toBe(true);
    } finally {
      await server.close();
      await lambdas.close();
      fixture.cleanup();
    }
  });
});
