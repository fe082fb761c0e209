/**
 * One request through a RestApi stage, in API Gateway's order: route (unknown resource or
 * method → 403 MISSING_AUTHENTICATION_TOKEN) → stage throttle → authorizer → API key and usage
 * plan → integration (Lambda proxy or MOCK). Each phase either lets the request on or answers
 * with a gateway response rendered from the template.
 */
import type { IncomingMessage } from 'node:http';
import type { LambdaRuntime } from '../lambda/runtime';
import type { AuthorizerCache } from './authorizer-cache';
import { type AuthorizerOutput, authorizeToken } from './authorizer';
import type { Clock } from './clock';
import { type EmulatorResponseKind, renderGatewayResponse } from './gateway-responses';
import { answerMock } from './mock-integration';
import type { IntegrationModel, MethodModel, ResourceModel, RestApiModel, StageModel } from './model';
import { buildProxyEvent, formatRequestTime, parseQuery } from './proxy-event';
import { parseProxyResponse } from './proxy-response';
import { type RouteMatch, type Router, selectMethod } from './routing';
import type { UsagePlanEnforcer } from './usage-plans';

/** Counters, live. */
export interface GatewayStats {
  requests: number;
  authorizerInvocations: number;
  authorizerCacheHits: number;
  lambdaInvocations: number;
  /** Gateway responses sent, by type (`UNAUTHORIZED`, `LAMBDA_ERROR`…). */
  gatewayResponses: Record<string, number>;
}

/** One served stage and the state its requests share. */
export interface Gateway {
  api: RestApiModel;
  stage: StageModel;
  lambdas: LambdaRuntime;
  region: string;
  accountId: string;
  clock: Clock;
  router: Router<ResourceModel>;
  cache: AuthorizerCache<AuthorizerOutput>;
  plans: UsagePlanEnforcer;
  stats: GatewayStats;
}

export interface RequestIds {
  requestId: string;
  extendedRequestId: string;
  /** `X-Amzn-Trace-Id`: the client's, else a new root; the Lambda sees the one the client gets back. */
  traceId: string;
  /** When the request arrived, by the gateway's clock: the trace root's time and `requestTimeEpoch`. */
  requestTimeEpoch: number;
}

export interface Outgoing {
  statusCode: number;
  headers: [string, string][];
  body: Buffer | string;
  note?: string;
}

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** What the phases know of the request. */
interface Incoming {
  req: IncomingMessage;
  body: Buffer;
  ids: RequestIds;
  requestTimeEpoch: number;
  httpMethod: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string>;
  sourceIp: string;
  match: RouteMatch<ResourceModel> | undefined;
  /** Answers with the gateway response `kind`, counted; `note` goes to the log. */
  fail(
    kind: EmulatorResponseKind,
    note: string,
    extra?: { message?: string | null; authorizer?: Record<string, string> },
  ): Outgoing;
}

/** A request that matched a method of the API. */
type Routed = Incoming & { match: RouteMatch<ResourceModel> };

/** What the authorizer phase hands on. */
interface Authorized {
  authorizer: Record<string, string | number> | undefined;
  usageIdentifierKey: string | undefined;
}

type ApiKey = { value: string; id: string } | undefined;

export async function handleRequest(
  gateway: Gateway,
  req: IncomingMessage,
  body: Buffer,
  ids: RequestIds,
): Promise<Outgoing> {
  const { incoming, method } = readRequest(gateway, req, body, ids);
  const { fail, match } = incoming;
  if (body.length > MAX_BODY_BYTES) return fail('REQUEST_TOO_LARGE', 'body over 10 MB');
  if (match === undefined || method === undefined)
    return fail('MISSING_AUTHENTICATION_TOKEN', 'no such resource or method');
  if (!gateway.plans.takeStageToken(method.resourcePath, method.httpMethod)) return fail('THROTTLED', 'stage throttle');
  const routed = { ...incoming, match };
  const authorized = await authorize(gateway, routed, method);
  if ('statusCode' in authorized) return authorized;
  const apiKey = checkApiKey(gateway, routed, method, authorized);
  if (apiKey !== undefined && 'statusCode' in apiKey) return apiKey;
  return integrate(gateway, routed, method, authorized, apiKey);
}

function readRequest(
  gateway: Gateway,
  req: IncomingMessage,
  body: Buffer,
  ids: RequestIds,
): { incoming: Incoming; method: MethodModel | undefined } {
  const { api, stage } = gateway;
  const { requestTimeEpoch } = ids;
  const httpMethod = (req.method ?? 'GET').toUpperCase();
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
  const headers = lastValues(req.rawHeaders);
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const query = parseQuery(rawQuery);
  const match = gateway.router.match(path);
  const method = match ? selectMethod(match.resource.methods, httpMethod) : undefined;
  const context: Record<string, string | number | undefined> = {
    requestId: ids.requestId,
    extendedRequestId: ids.extendedRequestId,
    path: `/${stage.name}${path}`,
    resourcePath: method?.resourcePath,
    resourceId: method?.resourceId,
    httpMethod,
    stage: stage.name,
    apiId: api.apiId,
    accountId: gateway.accountId,
    'identity.sourceIp': sourceIp,
    'identity.userAgent': headers['user-agent'],
    domainName: headers['host'],
    requestTime: formatRequestTime(requestTimeEpoch),
    requestTimeEpoch,
    protocol: 'HTTP/1.1',
  };
  const fail = responder(gateway, context, headers, query.single, match);
  const incoming = { req, body, ids, requestTimeEpoch, httpMethod, path, rawQuery, headers, sourceIp, match, fail };
  return { incoming, method };
}

/** Renders and counts gateway responses for one request. */
function responder(
  gateway: Gateway,
  context: Record<string, string | number | undefined>,
  headers: Record<string, string>,
  queryStringParameters: Record<string, string> | null,
  match: RouteMatch<ResourceModel> | undefined,
): Incoming['fail'] {
  const { api, stage, stats } = gateway;
  return (kind, note, extra = {}) => {
    stats.gatewayResponses[kind] = (stats.gatewayResponses[kind] ?? 0) + 1;
    const rendered = renderGatewayResponse({
      kind,
      configured: api.gatewayResponses,
      context,
      requestHeaders: headers,
      queryStringParameters,
      pathParameters: match?.pathParameters ?? null,
      stageVariables: stage.variables,
      ...extra,
    });
    return {
      statusCode: rendered.statusCode,
      headers: Object.entries(rendered.headers),
      body: rendered.body,
      note: `${kind}: ${note}`,
    };
  };
}

async function authorize(gateway: Gateway, incoming: Routed, method: MethodModel): Promise<Authorized | Outgoing> {
  const { api, stage, lambdas, stats } = gateway;
  const { fail, headers, httpMethod, path } = incoming;
  if (method.authorizationType === 'AWS_IAM') {
    return headers['authorization']
      ? fail('INVALID_SIGNATURE', 'SigV4 is not verified locally')
      : fail('MISSING_AUTHENTICATION_TOKEN', 'AWS_IAM method without a signature');
  }
  if (method.authorizationType === 'COGNITO_USER_POOLS')
    return fail('UNAUTHORIZED', 'Cognito user pool authorizers are not emulated');
  if (method.authorizationType !== 'CUSTOM') return { authorizer: undefined, usageIdentifierKey: undefined };
  const model = method.authorizerId === undefined ? undefined : api.authorizers[method.authorizerId];
  if (model === undefined)
    return fail('AUTHORIZER_CONFIGURATION_ERROR', `method ${method.logicalId} names no authorizer of this API`);
  const methodArn = `arn:aws:execute-api:${gateway.region}:${gateway.accountId}:${api.apiId}/${stage.name}/${httpMethod}/${path.replace(/^\//, '')}`;
  const outcome = await authorizeToken({
    authorizer: model,
    headers,
    methodArn,
    cache: gateway.cache,
    canInvoke: (name) => lambdas.has(name),
    invoke: (name, event) => {
      stats.authorizerInvocations += 1;
      return lambdas.invoke(name, event, { requestId: incoming.ids.requestId });
    },
  });
  if (outcome.kind === 'reject') {
    return fail(outcome.responseType, outcome.reason, {
      ...(outcome.message === undefined ? {} : { message: outcome.message }),
      ...(outcome.authorizer ? { authorizer: outcome.authorizer } : {}),
    });
  }
  if (!outcome.invoked) stats.authorizerCacheHits += 1;
  return {
    authorizer: { ...outcome.authorizer, integrationLatency: outcome.latencyMs },
    usageIdentifierKey: outcome.usageIdentifierKey,
  };
}

function checkApiKey(
  gateway: Gateway,
  incoming: Routed,
  method: MethodModel,
  authorized: Authorized,
): ApiKey | Outgoing {
  if (!method.apiKeyRequired) return undefined;
  const value =
    gateway.api.apiKeySource === 'AUTHORIZER' ? authorized.usageIdentifierKey : incoming.headers['x-api-key'];
  const check = gateway.plans.checkKey(value, method.resourcePath, method.httpMethod);
  if (!check.ok) return incoming.fail(check.responseType, check.reason);
  return { value: value!, id: check.apiKey.id };
}

async function integrate(
  gateway: Gateway,
  incoming: Routed,
  method: MethodModel,
  authorized: Authorized,
  apiKey: ApiKey,
): Promise<Outgoing> {
  const { fail } = incoming;
  const integration = method.integration;
  if (integration.type === 'MOCK') {
    const mock = answerMock(integration.responses, integration.requestedStatus, incoming.headers);
    return mock.ok
      ? { statusCode: mock.statusCode, headers: mock.headers, body: mock.body }
      : fail('API_CONFIGURATION_ERROR', mock.reason, { message: 'Internal server error' });
  }
  if (integration.type !== 'AWS_PROXY')
    return fail('API_CONFIGURATION_ERROR', `${integration.description} is not emulated`);
  const target = integration.target;
  if (target === undefined || !gateway.lambdas.has(target.functionName)) {
    return fail(
      'API_CONFIGURATION_ERROR',
      `integration function ${target?.functionArn ?? '(unresolved)'} cannot be invoked locally`,
    );
  }
  const event = proxyEventOf(gateway, incoming, method, authorized, apiKey);
  return invokeProxy(gateway, incoming, integration, target.functionName, event);
}

function proxyEventOf(
  gateway: Gateway,
  incoming: Routed,
  method: MethodModel,
  authorized: Authorized,
  apiKey: ApiKey,
): unknown {
  const { api, stage } = gateway;
  const { req, headers } = incoming;
  return buildProxyEvent({
    httpMethod: incoming.httpMethod,
    path: incoming.path,
    rawQuery: incoming.rawQuery,
    rawHeaders: req.rawHeaders,
    body: incoming.body,
    resourcePath: method.resourcePath,
    resourceId: method.resourceId,
    pathParameters: incoming.match.pathParameters,
    stage: stage.name,
    stageVariables: stage.variables,
    apiId: api.apiId,
    accountId: gateway.accountId,
    deploymentId: stage.deploymentId,
    requestId: incoming.ids.requestId,
    extendedRequestId: incoming.ids.extendedRequestId,
    traceId: incoming.ids.traceId,
    requestTimeEpoch: incoming.requestTimeEpoch,
    sourceIp: incoming.sourceIp,
    localPort: req.socket.localPort ?? 0,
    domainName: headers['host'] ?? '127.0.0.1',
    binaryMediaTypes: api.binaryMediaTypes,
    authorizer: authorized.authorizer,
    apiKey,
  });
}

/** Invokes the function with the integration's timeout and turns its answer into the HTTP response. */
async function invokeProxy(
  gateway: Gateway,
  incoming: Incoming,
  integration: Extract<IntegrationModel, { type: 'AWS_PROXY' }>,
  functionName: string,
  event: unknown,
): Promise<Outgoing> {
  const { fail } = incoming;
  gateway.stats.lambdaInvocations += 1;
  const invocation = gateway.lambdas.invoke(functionName, event, { requestId: incoming.ids.requestId });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), integration.timeoutMs);
  });
  const result = await Promise.race([invocation, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') return fail('INTEGRATION_TIMEOUT', `no answer within ${integration.timeoutMs} ms`);
  if (!result.ok) return fail('LAMBDA_ERROR', `${result.kind}: ${result.errorType}: ${result.errorMessage}`);
  const parsed = parseProxyResponse(result.payload, {
    binaryMediaTypes: gateway.api.binaryMediaTypes,
    accept: incoming.headers['accept'],
  });
  if (!parsed.ok) return fail('LAMBDA_ERROR', parsed.reason);
  return { statusCode: parsed.statusCode, headers: parsed.headers, body: parsed.body };
}

/** Lowercased header names, last value wins. */
function lastValues(rawHeaders: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers[rawHeaders[i]!.toLowerCase()] = rawHeaders[i + 1]!;
  return headers;
}
