/**
 * One RestApi stage served over HTTP on loopback, without the stage prefix in the URL
 * (`http://127.0.0.1:3000/api/me`) but with the stage in method ARNs and `requestContext`.
 *
 * Each request goes through API Gateway's pipeline (`request-pipeline.ts`); this file reads the
 * body, sends the answer with API Gateway's own headers, and logs it. Nothing a request or a
 * function does can stop the server.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaRuntime } from '../lambda/runtime';
import { readRequestBody } from '../request-body';
import { createAuthorizerCache } from './authorizer-cache';
import type { AuthorizerOutput } from './authorizer';
import { type Clock, systemClock } from './clock';
import type { ResourceModel, RestApiModel } from './model';
import {
  type Gateway,
  type GatewayStats,
  handleRequest,
  MAX_BODY_BYTES,
  type Outgoing,
  type RequestIds,
} from './request-pipeline';
import { createRouter } from './routing';
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
  /** False: no request is answered 429 for the stage's throttle (load benches). Default true. */
  stageThrottling?: boolean;
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

/**
 * Starts serving one API.
 *
 * @example
 * const server = await startGatewayServer({ api: publicApi, lambdas, port: 3000 });
 * await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
 */
export async function startGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const { api, lambdas } = options;
  const clock = options.clock ?? systemClock;
  const stage =
    api.stages.find((candidate) => candidate.name === options.stageName) ??
    (options.stageName === undefined ? api.stages[0] : undefined);
  if (stage === undefined) throw new Error(`${api.name} has no stage ${options.stageName ?? '(none defined)'}`);
  const gateway: Gateway = {
    api,
    stage,
    lambdas,
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    clock,
    router: createRouter<ResourceModel>(api.resources),
    cache: createAuthorizerCache<AuthorizerOutput>(clock),
    plans: createUsagePlanEnforcer(api, stage.name, clock, { stageThrottling: options.stageThrottling ?? true }),
    stats: {
      requests: 0,
      authorizerInvocations: 0,
      authorizerCacheHits: 0,
      lambdaInvocations: 0,
      gatewayResponses: {},
    },
  };
  const log = options.log ?? (() => {});
  for (const warning of api.warnings) log(`[${api.name}] warning: ${warning}`);
  const server = await listen(gateway, options, log);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    stageName: stage.name,
    stats: gateway.stats,
    flushAuthorizerCache: () => gateway.cache.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function listen(gateway: Gateway, options: GatewayServerOptions, log: (line: string) => void): Promise<Server> {
  const { stats } = gateway;
  const server = createServer((req, res) => {
    const started = Date.now();
    stats.requests += 1;
    const ids = requestIds(req.rawHeaders, gateway.clock());
    readRequestBody(req, MAX_BODY_BYTES)
      .then((body) => handleRequest(gateway, req, body, ids))
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
  return server;
}

/**
 * The request's ids and arrival time. One draw of randomness: `x-amz-apigw-id` is 16 base64
 * characters (11 bytes), a trace root's id 24 hex digits (12 bytes). A trace header the client
 * sent is kept (its last value, as in the event's `headers`), so the function and the client see
 * the same trace.
 */
function requestIds(rawHeaders: string[], requestTimeEpoch: number): RequestIds {
  const random = randomBytes(23);
  let traceId: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if (rawHeaders[i]!.toLowerCase() === 'x-amzn-trace-id') traceId = rawHeaders[i + 1];
  return {
    requestId: randomUUID(),
    extendedRequestId: random.subarray(0, 11).toString('base64'),
    traceId:
      traceId ?? `Root=1-${Math.floor(requestTimeEpoch / 1000).toString(16)}-${random.subarray(11).toString('hex')}`,
    requestTimeEpoch,
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
  res.setHeader('X-Amzn-Trace-Id', ids.traceId);
  res.setHeader('Content-Length', String(body.length));
  res.writeHead(out.statusCode);
  res.end(req.method === 'HEAD' ? undefined : body);
  return out;
}
