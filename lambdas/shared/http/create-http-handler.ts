/**
 * The one middleware stack of every business function, in this order of concerns:
 * logging → header normalisation → route → JSON body → platform key → auth context →
 * role (the route's `minRole`) → input validation → [the operation] → security headers → CORS, with one error handler
 * whose `onError` runs first, so the headers land on error responses too.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import { routesOf, type FunctionName, type RouteDefinition } from '../../routes';
import { ApiError } from '../api-error';
import type { FindKeyCaller } from './api-key-caller';
import { authContext, type FindCaller, settleCaller } from './auth-context';
import { cors } from './cors';
import { errorHandler } from './error-handler';
import { jsonBody } from './json-body';
import { appendCallerKeys, loggerContext } from './logger';
import type { OperationSpec } from './operation';
import { platformKey, type PlatformKeySource } from './platform-key';
import { requireRole } from './require-role';
import { jsonResponse } from './respond';
import { route } from './route';
import { securityHeaders } from './security-headers';
import type { HttpContext, HttpEvent, HttpRequest, HttpResponse } from './types';
import { validateInput } from './validate';

/** Time kept before the Lambda timeout to turn a slow request into a 503 and log it. */
export const TIMEOUT_MARGIN_MS = 250;

export interface HttpHandlerOptions<D> {
  functionName: FunctionName;
  /** One entry per `operation` the function's routes name. */
  operations: Readonly<Record<string, OperationSpec<D>>>;
  deps: D;
  logger: Logger;
  corsAllowedOrigins: readonly string[];
  /** For `token` and `user` routes. */
  auth?: { clockSkewSeconds: number; findCaller?: FindCaller; findKeyCaller?: FindKeyCaller; now?: () => number };
  /** For `apiKey` routes. */
  platformKey?: PlatformKeySource;
  /** Defaults to the route table's routes of `functionName`; tests of the factory pass their own. */
  routes?: readonly RouteDefinition[];
}

function checkWiring<D>(options: HttpHandlerOptions<D>, routes: readonly RouteDefinition[]): void {
  for (const r of routes) {
    if (options.operations[r.operation] === undefined)
      throw new TypeError(`${options.functionName}: no operation for ${r.method} ${r.path} (${r.operation})`);
    if ((r.auth === 'token' || r.auth === 'user') && options.auth === undefined)
      throw new TypeError(`${options.functionName}: ${r.method} ${r.path} needs auth options`);
    if (r.auth === 'user' && options.auth?.findCaller === undefined)
      throw new TypeError(`${options.functionName}: ${r.method} ${r.path} needs auth.findCaller`);
    // The route table must say who may call every user route, and only those.
    if ((r.auth === 'user') !== (r.minRole !== undefined))
      throw new TypeError(`${options.functionName}: ${r.method} ${r.path} needs minRole exactly when auth is 'user'`);
    if (r.auth === 'apiKey' && options.platformKey === undefined)
      throw new TypeError(`${options.functionName}: ${r.method} ${r.path} needs a platform key source`);
  }
}

/**
 * The Lambda handler of one business function: the stack above around a dispatcher that calls
 * the matched route's operation with `{ auth, body, params, query }` and `deps`.
 *
 * @example
 * export const handler = createHttpHandler({
 *   functionName: 'me', operations: { getMe: getMeOperation }, deps: { db, store },
 *   logger, corsAllowedOrigins: config.corsAllowedOrigins, auth: { clockSkewSeconds: 30, findCaller },
 * });
 */
export function createHttpHandler<D>(options: HttpHandlerOptions<D>) {
  const routes = options.routes ?? routesOf(options.functionName);
  checkWiring(options, routes);
  const { operations, deps, logger } = options;

  async function dispatch(_event: HttpEvent, context: HttpContext): Promise<HttpResponse> {
    const spec = operations[context.route?.operation ?? ''];
    if (spec === undefined || context.caller === undefined || context.input === undefined) {
      throw new ApiError('internal_error', 'internal error', {
        cause: new Error('dispatch reached without route, caller or input'),
      });
    }
    const result = await spec.run({ auth: context.caller, ...context.input }, deps);
    return jsonResponse(result.status, result.body);
  }

  const handler = middy<HttpEvent, HttpResponse, Error, HttpContext>(dispatch, {
    // Answer (and log) before Lambda kills the invocation: a 503 the client may retry, not a bare timeout.
    timeoutEarlyInMillis: TIMEOUT_MARGIN_MS,
    timeoutEarlyResponse: function timeoutEarlyResponse() {
      throw new ApiError('service_unavailable', 'the request took too long, retry shortly');
    },
  })
    .use(loggerContext({ logger }))
    .use(httpHeaderNormalizer())
    .use(route({ routes }))
    .use(jsonBody());
  if (options.platformKey !== undefined) handler.use(platformKey({ source: options.platformKey }));
  handler.use(
    authContext({
      logger,
      clockSkewSeconds: options.auth?.clockSkewSeconds ?? 0,
      findCaller: options.auth?.findCaller,
      findKeyCaller: options.auth?.findKeyCaller,
      now: options.auth?.now,
    }),
  );
  const validation = validateInput({ operations });
  // Input is checked before the operation's statement reads the caller; when it fails, the
  // caller's row is read on its own first, so a caller without the right (or without a row) still
  // gets 428, 401 or 403 before learning anything about the route's input.
  async function validateAfterCaller(request: HttpRequest): Promise<void> {
    try {
      await validation.before?.(request);
    } catch (error) {
      const { caller, route } = request.context;
      if (caller?.kind === 'ref' && route !== undefined)
        appendCallerKeys(logger, await settleCaller(caller, route, options.auth ?? {}));
      throw error;
    }
  }
  return handler
    .use(requireRole())
    .use({ before: validateAfterCaller })
    .use(securityHeaders())
    .use(cors({ allowedOrigins: options.corsAllowedOrigins }))
    .use(errorHandler({ logger }));
}
