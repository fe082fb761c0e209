import {
  buildProxyEvent,
  isBinaryMediaType,
  parseQuery,
  type ProxyEventInput,
} from '../../../../local/gateway/proxy-event';

const input: ProxyEventInput = {
  httpMethod: 'POST',
  path: '/api/specs/a%20b',
  rawQuery: 'tag=x&tag=y&q=hello%20world&flag',
  rawHeaders: [
    'Host',
    '127.0.0.1:3000',
    'authorization',
    'Bearer t',
    'X-Multi',
    'one',
    'x-multi',
    'two',
    'Content-Type',
    'application/json',
    'Content-Length',
    '2',
    'Connection',
    'keep-alive',
    'user-agent',
    'curl/8',
  ],
  body: Buffer.from('{}'),
  resourcePath: '/api/specs/{specId}',
  resourceId: 'abc123',
  pathParameters: { specId: 'a%20b' },
  stage: 'prod',
  stageVariables: null,
  apiId: 'api0000001',
  accountId: '000000000000',
  deploymentId: 'dep123',
  requestId: 'req-1',
  extendedRequestId: 'ext-1',
  traceId: 'Root=1-69296e87-0123456789abcdef01234567',
  requestTimeEpoch: Date.UTC(2026, 10, 29, 21, 3, 51),
  sourceIp: '127.0.0.1',
  localPort: 3000,
  domainName: '127.0.0.1:3000',
  binaryMediaTypes: ['image/*'],
  authorizer: { principalId: 'u1', exp: '1700000000', integrationLatency: 3 },
  apiKey: undefined,
};

describe('buildProxyEvent', () => {
  const event = buildProxyEvent(input) as Record<string, any>;

  it('carries the resource, the raw path, the method and the path parameters', () => {
    expect(event).toMatchObject({
      resource: '/api/specs/{specId}',
      path: '/api/specs/a%20b',
      httpMethod: 'POST',
      pathParameters: { specId: 'a%20b' },
      stageVariables: null,
    });
  });

  it('keeps the last value in headers and every value in multiValueHeaders, in the client spelling', () => {
    expect(event.headers['X-Multi']).toBe('two');
    expect(event.multiValueHeaders['X-Multi']).toEqual(['one', 'two']);
    expect(event.headers['Host']).toBe('127.0.0.1:3000');
  });

  it('capitalizes Authorization and User-Agent and drops Content-Length and Connection', () => {
    expect(event.headers).toMatchObject({ Authorization: 'Bearer t', 'User-Agent': 'curl/8' });
    expect(event.headers).not.toHaveProperty('Content-Length');
    expect(event.headers).not.toHaveProperty('Connection');
  });

  it('adds the forwarding and trace headers', () => {
    expect(event.headers).toMatchObject({
      'X-Forwarded-For': '127.0.0.1',
      'X-Forwarded-Port': '3000',
      'X-Forwarded-Proto': 'http',
    });
    expect(event.headers['X-Amzn-Trace-Id']).toBe('Root=1-69296e87-0123456789abcdef01234567');
  });

  it('decodes query values, last one wins in the single-value map', () => {
    expect(event.queryStringParameters).toEqual({ tag: 'y', q: 'hello world', flag: '' });
    expect(event.multiValueQueryStringParameters).toEqual({ tag: ['x', 'y'], q: ['hello world'], flag: [''] });
  });

  it('fills requestContext as API Gateway does, the stage in its path', () => {
    expect(event.requestContext).toMatchObject({
      resourceId: 'abc123',
      resourcePath: '/api/specs/{specId}',
      httpMethod: 'POST',
      extendedRequestId: 'ext-1',
      requestTime: '29/Nov/2026:21:03:51 +0000',
      path: '/prod/api/specs/a%20b',
      accountId: '000000000000',
      protocol: 'HTTP/1.1',
      stage: 'prod',
      requestTimeEpoch: input.requestTimeEpoch,
      requestId: 'req-1',
      deploymentId: 'dep123',
      apiId: 'api0000001',
      identity: { sourceIp: '127.0.0.1', userAgent: 'curl/8', caller: null, user: null },
      authorizer: { principalId: 'u1', exp: '1700000000', integrationLatency: 3 },
    });
  });

  it('passes a text body as a string and a binary media type as base64', () => {
    expect(event).toMatchObject({ body: '{}', isBase64Encoded: false });
    const png = buildProxyEvent({ ...input, rawHeaders: ['Content-Type', 'image/png'], body: Buffer.from([137, 80]) });
    expect(png).toMatchObject({ body: Buffer.from([137, 80]).toString('base64'), isBase64Encoded: true });
  });

  it('sends null maps and a null body for a bare request, and no authorizer key without an authorizer', () => {
    const bare = buildProxyEvent({
      ...input,
      rawQuery: '',
      rawHeaders: [],
      body: Buffer.alloc(0),
      pathParameters: null,
      authorizer: undefined,
    }) as Record<string, any>;
    expect(bare).toMatchObject({
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(bare.requestContext).not.toHaveProperty('authorizer');
  });

  it('appends the client address to an incoming X-Forwarded-For', () => {
    const proxied = buildProxyEvent({ ...input, rawHeaders: ['X-Forwarded-For', '203.0.113.9'] }) as Record<
      string,
      any
    >;
    expect(proxied.headers['X-Forwarded-For']).toBe('203.0.113.9, 127.0.0.1');
  });
});

describe('isBinaryMediaType', () => {
  it('matches exact types, wildcards and ignores parameters', () => {
    expect(isBinaryMediaType('image/png; charset=x', ['image/png'])).toBe(true);
    expect(isBinaryMediaType('image/jpeg', ['image/*'])).toBe(true);
    expect(isBinaryMediaType('application/json', ['*/*'])).toBe(true);
    expect(isBinaryMediaType('application/json', ['image/*'])).toBe(false);
    expect(isBinaryMediaType(undefined, ['*/*'])).toBe(false);
  });
});

describe('parseQuery', () => {
  it('keeps a malformed escape as it came', () => {
    expect(parseQuery('a=%E0%A4%A').single).toEqual({ a: '%E0%A4%A' });
  });
});
