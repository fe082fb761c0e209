/**
 * The HTTP plumbing around the route table: CORS and preflights, the gateway's `apikey` check,
 * routing (404/405), and turning every failure into an error response. A client's mistake never
 * becomes a 500, and nothing about a request body is ever logged.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { checkApiKey } from './api-key';
import { AuthError } from './auth-error';
import { corsHeaders, preflightHeaders } from './cors';
import type { EndpointDeps, EndpointReply } from './endpoint';
import { readJsonBody, sendAuthError, sendJson } from './http-io';
import { AUTH_PREFIX, type Route } from './route-table';

function writeReply(res: ServerResponse, reply: EndpointReply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers ?? {});
    res.end();
  } else {
    sendJson(res, reply.status, reply.body, reply.headers);
  }
}

async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Route[],
  deps: EndpointDeps,
  anonKey: string,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://emulator.local');
  } catch {
    throw new AuthError(400, 'validation_failed', 'Malformed request URL');
  }
  const samePath = routes.filter((route) => route.path === url.pathname);
  const route = samePath.find((candidate) => candidate.method === req.method);
  const needsKey = route ? route.requiresApiKey : url.pathname.startsWith(`${AUTH_PREFIX}/`);
  if (needsKey) {
    const refusal = checkApiKey(req, url, anonKey);
    if (refusal) return writeReply(res, refusal);
  }
  if (!route) {
    if (samePath.length > 0)
      throw new AuthError(405, 'method_not_allowed', `Method ${req.method} is not allowed on ${url.pathname}`);
    throw new AuthError(404, 'not_found', `No route for ${url.pathname}`);
  }
  let consumed = false;
  const reply = await route.endpoint(
    {
      req,
      url,
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

/**
 * A Node `request` listener serving `routes`.
 *
 * @example
 * const server = createServer(createRequestHandler(routeTable(), deps, anonKey));
 */
export function createRequestHandler(routes: Route[], deps: EndpointDeps, anonKey: string): RequestListener {
  return (req, res) => {
    for (const [name, value] of Object.entries(corsHeaders())) res.setHeader(name, value);
    if (req.method === 'OPTIONS') {
      req.resume();
      res.writeHead(204, preflightHeaders(req));
      res.end();
      return;
    }
    dispatch(req, res, routes, deps, anonKey).catch((error: unknown) => {
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
