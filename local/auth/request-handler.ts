/**
 * The HTTP plumbing around the route table: the `Host` check, CORS and preflights (never on
 * `/_local`), the gateway's `apikey` check, the control token, routing (404/405), and turning
 * every failure into an error response. A client's mistake never becomes a 500, and nothing
 * about a request body is ever logged.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { checkApiKey } from './api-key';
import { AuthError } from './auth-error';
import { corsHeaders, preflightHeaders } from './cors';
import type { EndpointDeps, EndpointReply } from './endpoint';
import { readJsonBody, sendAuthError, sendJson } from './http-io';
import { assertAllowedHost, assertControlToken } from './local-access';
import { AUTH_PREFIX, CONTROL_PREFIX, matchPath, type Route } from './route-table';

export interface RequestHandlerOptions {
  routes: Route[];
  deps: EndpointDeps;
  /** Required on every `/_local` request; `undefined` when the control routes are off. */
  controlToken: string | undefined;
  /** The `Host` names answered; `undefined` answers any (`allowRemote`). */
  allowedHosts: Set<string> | undefined;
}

function writeReply(res: ServerResponse, reply: EndpointReply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers ?? {});
    res.end();
  } else {
    sendJson(res, reply.status, reply.body, reply.headers);
  }
}

function parseUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://emulator.local');
  } catch {
    throw new AuthError(400, 'validation_failed', 'Malformed request URL');
  }
}

function isControlPath(pathname: string): boolean {
  return pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
}

async function dispatch(req: IncomingMessage, res: ServerResponse, url: URL, options: RequestHandlerOptions) {
  const { routes, deps, controlToken } = options;
  const samePath = routes.flatMap((route) => {
    const params = matchPath(route.path, url.pathname);
    return params ? [{ route, params }] : [];
  });
  const found = samePath.find((candidate) => candidate.route.method === req.method);
  if (isControlPath(url.pathname) && controlToken !== undefined) assertControlToken(req, controlToken);
  const needsKey = found ? found.route.guard === 'api-key' : url.pathname.startsWith(`${AUTH_PREFIX}/`);
  if (needsKey) {
    const refusal = checkApiKey(req, url, deps.apiKeys);
    if (refusal) return writeReply(res, refusal);
  }
  if (!found) {
    if (samePath.length > 0)
      throw new AuthError(405, 'method_not_allowed', `Method ${req.method} is not allowed on ${url.pathname}`);
    throw new AuthError(404, 'not_found', `No route for ${url.pathname}`);
  }
  let consumed = false;
  const reply = await found.route.endpoint(
    {
      req,
      url,
      params: found.params,
      body: () => {
        consumed = true;
        return readJsonBody(req);
      },
    },
    deps,
  );
  if (!consumed) req.resume();
  writeReply(res, reply);
}

async function handle(req: IncomingMessage, res: ServerResponse, options: RequestHandlerOptions): Promise<void> {
  if (options.allowedHosts) assertAllowedHost(req, options.allowedHosts);
  const url = parseUrl(req);
  // A page on another origin must not read a lever's answer nor pass a preflight for one.
  if (!isControlPath(url.pathname)) {
    for (const [name, value] of Object.entries(corsHeaders())) res.setHeader(name, value);
    if (req.method === 'OPTIONS') {
      req.resume();
      res.writeHead(204, preflightHeaders(req));
      res.end();
      return;
    }
  }
  await dispatch(req, res, url, options);
}

/**
 * A Node `request` listener serving `options.routes`.
 *
 * @example
 * const server = createServer(createRequestHandler({ routes: routeTable(), deps, controlToken: undefined, allowedHosts }));
 */
export function createRequestHandler(options: RequestHandlerOptions): RequestListener {
  return (req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      if (!req.readableEnded) req.resume();
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof AuthError) {
        sendAuthError(req, res, error);
        return;
      }
      // Only the error's name and message: a request body (passwords) is never logged.
      console.error(
        `[auth-emulator] unexpected failure on ${req.method} ${req.url?.split('?')[0]}: ${(error as Error)?.message}`,
      );
      sendAuthError(
        req,
        res,
        new AuthError(500, 'unexpected_failure', 'Unexpected failure, please check server logs for more information'),
      );
    });
  };
}
