/**
 * One RestApi stage served over HTTP on loopback, without the stage prefix in the URL
 * (`http://127.0.0.1:3000/api/me`) but with the stage in method ARNs and `requestContext`.
 *
 * The request pipeline follows API Gateway's order: route (unknown resource or method → 403
 * MISSING_AUTHENTICATION_TOKEN) → stage throttle → authorizer → API key and usage plan →
 * integration (Lambda proxy or MOCK). Every refusal is a gateway response rendered from the
 * template. Nothing a request or a function does can stop the server.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaRuntime } from '../lambda/runtime';
import { createAuthorizerCache } from './authorizer-cache';
import { authorizeToken, type AuthorizerOutput } from './authorizer';
import { systemClock, type Clock } from './clock';
import { renderGatewayResponse, type EmulatorResponseKind } from './gateway-responses';
import { answerMock } from './mock-integration';
import type { MethodModel, ResourceModel, RestApiModel } from './model';
import { buildProxyEvent, formatRequestTime, parseQuery } from './proxy-event';
import { parseProxyResponse } from './proxy-response';
import { createRouter, selectMethod } from './routing';
import { createUsagePlanEnforcer } from './usage-plans';

export interface GatewayServerOptions {
  api: RestApiModel;
  lambdas: LambdaRuntime;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  /** Defaults to the API's only (or first) stage. */
  stageName?: string;
  log?: (line: string) => void;
  clock?: Clock;
}

/** Counters, live. */
export interface GatewayStats {
  requests: number;
  authorizerInvocations: number;
  authorizerCacheHits: number;
  lambdaInvocations: number;
  /** Gateway responses sent, by type (`UNAUTHORIZED`, `LAMBDA_ERROR`…). */
  gatewayResponses: Record<string, number>;
}

export interface GatewayServer {
  url: string;
  port: number;
  stageName: string;
  stats: GatewayStats;
  /** Empties the authorizer cache (`FlushStageAuthorizersCache`). */
  flushAuthorizerCache(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface RequestIds {
  requestId: string;
  extendedRequestId: string;
}

interface Outgoing {
  statusCode: number;
  headers: [string, string][];
  body: Buffer | string;
  note?: string;
}

/**
 * Starts serving one API.
 *
 * @example
 * const server = await startGatewayServer({ api: publicApi, lambdas, port: 3000 });
 * await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
 */
export async function startGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const { api, lambdas } = options;
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const clock = options.clock ?? systemClock;
  const stage =
    api.stages.find((candidate) => candidate.name === options.stageName) ??
    (options.stageName === undefined ? api.stages[0] : undefined);
  if (stage === undefined) throw new Error(`${api.name} has no stage ${options.stageName ?? '(none defined)'}`);
  const router = createRouter<ResourceModel>(api.resources);
  const cache = createAuthorizerCache<AuthorizerOutput>(clock);
  const plans = createUsagePlanEnforcer(api, stage.name, clock);
  const stats: GatewayStats = {
    requests: 0,
    authorizerInvocations: 0,
    authorizerCacheHits: 0,
    lambdaInvocations: 0,
    gatewayResponses: {},
  };
  const log = options.log ?? (() => {});
  for (const warning of api.warnings) log(`[${api.name}] warning: ${warning}`);

  async function handle(req: IncomingMessage, body: Buffer, ids: RequestIds): Promise<Outgoing> {
    const requestTimeEpoch = clock();
    const { requestId, extendedRequestId } = ids;
    const httpMethod = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
    const headers = lastValues(req.rawHeaders);
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const query = parseQuery(rawQuery);
    const match = router.match(path);
    const method: MethodModel | undefined = match ? selectMethod(match.resource.methods, httpMethod) : undefined;
    const context: Record<string, string | number | undefined> = {
      requestId,
      extendedRequestId,
      path: `/${stage!.name}${path}`,
      resourcePath: method?.resourcePath,
      resourceId: method?.resourceId,
      httpMethod,
      stage: stage!.name,
      apiId: api.apiId,
      accountId,
      'identity.sourceIp': sourceIp,
      'identity.userAgent': headers['user-agent'],
      domainName: headers['host'],
      requestTime: formatRequestTime(requestTimeEpoch),
      requestTimeEpoch,
      protocol: 'HTTP/1.1',
    };
    const fail = (
      kind: EmulatorResponseKind,
      note: string,
      extra: { message?: string | null; authorizer?: Record<string, string> } = {},
    ): Outgoing => {
      stats.gatewayResponses[kind] = (stats.gatewayResponses[kind] ?? 0) + 1;
      const rendered = renderGatewayResponse({
        kind,
        configured: api.gatewayResponses,
        context,
        requestHeaders: headers,
        queryStringParameters: query.single,
        pathParameters: match?.pathParameters ?? null,
        stageVariables: stage!.variables,
        ...extra,
      });
      return {
        statusCode: rendered.statusCode,
        headers: Object.entries(rendered.headers),
        body: rendered.body,
        note: `${kind}: ${note}`,
      };
    };

    if (body.length > MAX_BODY_BYTES) return fail('REQUEST_TOO_LARGE', 'body over 10 MB');
    if (match === undefined || method === undefined)
      return fail('MISSING_AUTHENTICATION_TOKEN', 'no such resource or method');
    if (!plans.takeStageToken(method.resourcePath, method.httpMethod)) return fail('THROTTLED', 'stage throttle');

    const methodArn = `arn:aws:execute-api:${region}:${accountId}:${api.apiId}/${stage!.name}/${httpMethod}/${path.replace(/^\//, '')}`;
    let authorizer: Record<string, string | number> | undefined;
    let usageIdentifierKey: string | undefined;
    if (method.authorizationType === 'CUSTOM') {
      const model = method.authorizerId === undefined ? undefined : api.authorizers[method.authorizerId];
      if (model === undefined)
        return fail('AUTHORIZER_CONFIGURATION_ERROR', `method ${method.logicalId} names no authorizer of this API`);
      const outcome = await authorizeToken({
        authorizer: model,
        headers,
        methodArn,
        cache,
        canInvoke: (name) => lambdas.has(name),
        invoke: (name, event) => {
          stats.authorizerInvocations += 1;
          return lambdas.invoke(name, event, { requestId });
        },
      });
      if (outcome.kind === 'reject') {
        return fail(outcome.responseType, outcome.reason, {
          ...(outcome.message === undefined ? {} : { message: outcome.message }),
          ...(outcome.authorizer ? { authorizer: outcome.authorizer } : {}),
        });
      }
      if (!outcome.invoked) stats.authorizerCacheHits += 1;
      authorizer = { ...outcome.authorizer, integrationLatency: outcome.latencyMs };
      usageIdentifierKey = outcome.usageIdentifierKey;
    } else if (method.authorizationType === 'AWS_IAM') {
      return headers['authorization']
        ? fail('INVALID_SIGNATURE', 'SigV4 is not verified locally')
        : fail('MISSING_AUTHENTICATION_TOKEN', 'AWS_IAM method without a signature');
    } else if (method.authorizationType === 'COGNITO_USER_POOLS') {
      return fail('UNAUTHORIZED', 'Cognito user pool authorizers are not emulated');
    }

    let apiKey: { value: string; id: string } | undefined;
    if (method.apiKeyRequired) {
      const value = api.apiKeySource === 'AUTHORIZER' ? usageIdentifierKey : headers['x-api-key'];
      const check = plans.checkKey(value, method.resourcePath, method.httpMethod);
      if (!check.ok) return fail(check.responseType, check.reason);
      apiKey = { value: value!, id: check.apiKey.id };
    }

    const integration = method.integration;
    if (integration.type === 'MOCK') {
      const mock = answerMock(integration.responses, integration.requestedStatus, headers);
      return mock.ok
        ? { statusCode: mock.statusCode, headers: mock.headers, body: mock.body }
        : fail('API_CONFIGURATION_ERROR', mock.reason, { message: 'Internal server error' });
    }
    if (integration.type !== 'AWS_PROXY')
      return fail('API_CONFIGURATION_ERROR', `${integration.description} is not emulated`);
    const target = integration.target;
    if (target === undefined || !lambdas.has(target.functionName)) {
      return fail(
        'API_CONFIGURATION_ERROR',
        `integration function ${target?.functionArn ?? '(unresolved)'} cannot be invoked locally`,
      );
    }
    const event = buildProxyEvent({
      httpMethod,
      path,
      rawQuery,
      rawHeaders: req.rawHeaders,
      body,
      resourcePath: method.resourcePath,
      resourceId: method.resourceId,
      pathParameters: match.pathParameters,
      stage: stage!.name,
      stageVariables: stage!.variables,
      apiId: api.apiId,
      accountId,
      deploymentId: stage!.deploymentId,
      requestId,
      extendedRequestId,
      requestTimeEpoch,
      sourceIp,
      localPort: req.socket.localPort ?? 0,
      domainName: headers['host'] ?? '127.0.0.1',
      binaryMediaTypes: api.binaryMediaTypes,
      authorizer,
      apiKey,
    });
    stats.lambdaInvocations += 1;
    const invocation = lambdas.invoke(target.functionName, event, { requestId });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), integration.timeoutMs);
    });
    const result = await Promise.race([invocation, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') return fail('INTEGRATION_TIMEOUT', `no answer within ${integration.timeoutMs} ms`);
    if (!result.ok) return fail('LAMBDA_ERROR', `${result.kind}: ${result.errorType}: ${result.errorMessage}`);
    const parsed = parseProxyResponse(result.payload, {
      binaryMediaTypes: api.binaryMediaTypes,
      accept: headers['accept'],
    });
    if (!parsed.ok) return fail('LAMBDA_ERROR', parsed.reason);
    return { statusCode: parsed.statusCode, headers: parsed.headers, body: parsed.body };
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    stats.requests += 1;
    // x-amz-apigw-id is the extended request id: 16 base64 characters.
    const ids: RequestIds = { requestId: randomUUID(), extendedRequestId: randomBytes(11).toString('base64') };
    readBody(req)
      .then((body) => handle(req, body, ids))
      .catch(
        (error: unknown): Outgoing => ({
          statusCode: 500,
          headers: [['Content-Type', 'application/json']],
          body: '{"message": "Internal server error"}',
          note: `emulator error: ${error instanceof Error ? error.stack : String(error)}`,
        }),
      )
      .then((out) => send(res, out, req, ids))
      .then((out) =>
        log(
          `${req.method} ${req.url} → ${out.statusCode} ${Date.now() - started}ms${out.note ? ` (${out.note})` : ''}`,
        ),
      )
      .catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    stageName: stage.name,
    stats,
    flushAuthorizerCache: () => cache.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, out: Outgoing, req: IncomingMessage, ids: RequestIds): Outgoing {
  const body = typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : out.body;
  const headers = new Map<string, string[]>();
  for (const [name, value] of out.headers) {
    const existing = [...headers.keys()].find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
    headers.set(existing, [...(headers.get(existing) ?? []), value]);
  }
  for (const [name, values] of headers) res.setHeader(name, values.length === 1 ? values[0]! : values);
  res.setHeader('x-amzn-RequestId', ids.requestId);
  res.setHeader('x-amz-apigw-id', ids.extendedRequestId);
  res.setHeader(
    'X-Amzn-Trace-Id',
    `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
  );
  res.setHeader('Content-Length', String(body.length));
  res.writeHead(out.statusCode);
  res.end(req.method === 'HEAD' ? undefined : body);
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES + 1) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Lowercased header names, last value wins. */
function lastValues(rawHeaders: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers[rawHeaders[i]!.toLowerCase()] = rawHeaders[i + 1]!;
  return headers;
}
