/**
 * API Gateway REST (v1) proxy events shaped exactly as API Gateway sends them to a Lambda
 * integration: `headers` holds the last value of each header and `multiValueHeaders` all of
 * them (the same for the query string); absent maps are `null`, not `{}`; the authorizer's
 * context arrives as strings beside `principalId` and a numeric `integrationLatency`.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { ROUTES, type HttpMethod } from '../../lambdas/routes';

/** The claims the authorizer puts in its Allow context (before API Gateway stringifies them). */
export interface AuthorizerClaims {
  sub: string;
  email?: string;
  role?: string;
  sessionId?: string;
  aal?: string;
  exp: number;
  iat?: number;
}

/**
 * `requestContext.authorizer` as the backend sees it after an Allow.
 *
 * @example
 * authorizerContext({ sub, email: 'a@example.com', exp: nowSeconds() + 600 })
 */
export function authorizerContext(claims: AuthorizerClaims): Record<string, string | number> {
  const iat = claims.iat ?? claims.exp - 3600;
  return {
    principalId: claims.sub,
    sub: claims.sub,
    email: claims.email ?? '',
    role: claims.role ?? 'authenticated',
    sessionId: claims.sessionId ?? randomUUID(),
    aal: claims.aal ?? 'aal1',
    exp: String(claims.exp),
    iat: String(iat),
    integrationLatency: 12,
  };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface RestEventOptions {
  method: HttpMethod | 'OPTIONS' | 'HEAD';
  /** The route table's path, e.g. `/api/specs/{specId}`. */
  resource: string;
  pathParameters?: Record<string, string> | null;
  /** Repeat a parameter by giving an array. */
  query?: Record<string, string | string[]> | null;
  headers?: Record<string, string | string[]>;
  /** An object is sent as JSON (with `Content-Type: application/json` unless `headers` names one). */
  body?: string | object | null;
  isBase64Encoded?: boolean;
  /** `null` for a route without an authorizer (or a misconfigured one). */
  authorizer?: Record<string, string | number> | null;
  requestId?: string;
  stage?: string;
}

function multi(values: Record<string, string | string[]> | null | undefined): {
  single: Record<string, string> | null;
  multi: Record<string, string[]> | null;
} {
  if (values === null || values === undefined || Object.keys(values).length === 0) return { single: null, multi: null };
  const single: Record<string, string> = {};
  const all: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(values)) {
    const list = Array.isArray(value) ? value : [value];
    all[key] = list;
    single[key] = list[list.length - 1]!;
  }
  return { single, multi: all };
}

function fillPath(resource: string, params: Record<string, string> | null | undefined): string {
  return resource.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params?.[name] ?? ''));
}

/**
 * A REST proxy event.
 *
 * @example
 * restEvent({ method: 'GET', resource: '/api/specs/{specId}', pathParameters: { specId }, authorizer: authorizerContext({ sub, exp }) })
 */
export function restEvent(options: RestEventOptions): APIGatewayProxyEvent {
  const stage = options.stage ?? 'prod';
  const requestId = options.requestId ?? randomUUID();
  const path = fillPath(options.resource, options.pathParameters);
  const query = multi(options.query);
  let body: string | null = null;
  const headers: Record<string, string | string[]> = {
    Accept: '*/*',
    Host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    'User-Agent': 'intello-tests/1.0',
    'X-Amzn-Trace-Id': `Root=1-${Date.now().toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    'X-Forwarded-For': '203.0.113.7',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  };
  if (options.body !== undefined && options.body !== null) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (typeof options.body !== 'string') headers['Content-Type'] = 'application/json';
  }
  if (options.authorizer !== null && options.authorizer !== undefined)
    headers.Authorization = 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.sig';
  Object.assign(headers, options.headers ?? {});
  const headerMaps = multi(headers);
  const now = Date.now();
  return {
    resource: options.resource,
    path,
    httpMethod: options.method,
    headers: headerMaps.single ?? {},
    multiValueHeaders: headerMaps.multi ?? {},
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      resourceId: 'a1b2c3',
      resourcePath: options.resource,
      httpMethod: options.method,
      extendedRequestId: `${requestId.slice(0, 8)}=`,
      requestTime: new Date(now).toUTCString(),
      path: `/${stage}${path}`,
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage,
      domainPrefix: 'abc123',
      requestTimeEpoch: now,
      requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: '203.0.113.7',
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: 'intello-tests/1.0',
        user: null,
        apiKey: null,
        apiKeyId: null,
        clientCert: null,
      },
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      apiId: 'abc123',
      ...(options.authorizer !== null && options.authorizer !== undefined ? { authorizer: options.authorizer } : {}),
    },
    body,
    isBase64Encoded: options.isBase64Encoded ?? false,
  } as APIGatewayProxyEvent;
}

/**
 * The event of a route in the table, by its operation name.
 *
 * @example
 * routeEvent('getSpec', { pathParameters: { specId }, authorizer })
 */
export function routeEvent(
  operation: string,
  options: Omit<RestEventOptions, 'method' | 'resource'> = {},
): APIGatewayProxyEvent {
  const route = ROUTES.find((r) => r.operation === operation);
  if (route === undefined) throw new Error(`no route with operation ${operation}`);
  return restEvent({ method: route.method, resource: route.path, ...options });
}

/**
 * A Lambda context as the runtime passes it.
 *
 * @example
 * await handler(event, lambdaContext('specs'))
 */
export function lambdaContext(functionName = 'test-function'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/29/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The `requestContext.authorizer` API Gateway builds from a real authorizer's Allow: its
 * `principalId`, every context value stringified, and `integrationLatency`.
 *
 * @example
 * const allow = await authorizerHandler(tokenEvent(`Bearer ${token}`));
 * restEvent({ method: 'GET', resource: '/api/me', authorizer: fromAuthorizerResult(allow) })
 */
export function fromAuthorizerResult(result: {
  principalId: string;
  context?: Record<string, unknown> | null;
}): Record<string, string | number> {
  const context = Object.fromEntries(Object.entries(result.context ?? {}).map(([key, value]) => [key, String(value)]));
  return { ...context, principalId: result.principalId, integrationLatency: 9 };
}

/**
 * `requestContext.authorizer` as the backend sees it after the authorizer allowed an org API key.
 *
 * @example
 * apiKeyAuthorizerContext({ keyId, orgId, scopes: ['specs:read'] })
 */
export function apiKeyAuthorizerContext(key: {
  keyId: string;
  orgId: string;
  scopes: readonly string[];
}): Record<string, string | number> {
  return {
    principalId: `apikey:${key.keyId}`,
    principalType: 'api_key',
    keyId: key.keyId,
    orgId: key.orgId,
    scopes: key.scopes.join(' '),
    integrationLatency: 9,
  };
}
