/**
 * Which route of the table a request is, from `event.resource` (the API Gateway resource path,
 * with `{param}` segments) and `event.httpMethod`. The middleware puts it on
 * `request.context.route`, after clearing any per-request state a reused context object might carry.
 */
import type { RouteDefinition } from '../../routes';
import { ApiError } from '../api-error';
import type { HttpMiddleware, HttpRequest } from './types';

/**
 * The route a request targets among one function's routes. A known resource with a method the
 * function does not serve → 405 `method_not_allowed`; an unknown resource (a wiring mistake) →
 * 404 `not_found`.
 */
export function matchRoute(
  routes: readonly RouteDefinition[],
  event: { resource?: string | null; httpMethod?: string | null },
): RouteDefinition {
  const sameResource = routes.filter((r) => r.path === event.resource);
  if (sameResource.length === 0) throw new ApiError('not_found', 'no such route');
  const found = sameResource.find((r) => r.method === event.httpMethod);
  if (found === undefined) {
    const allowed = sameResource.map((r) => r.method).join(', ');
    throw new ApiError(
      'method_not_allowed',
      `method ${String(event.httpMethod)} is not allowed here; allowed: ${allowed}`,
    );
  }
  return found;
}

export interface RouteOptions {
  routes: readonly RouteDefinition[];
}

export function route({ routes }: RouteOptions): HttpMiddleware {
  if (routes.length === 0) throw new TypeError('route: option "routes" must list at least one route');

  function routeMiddlewareBefore(request: HttpRequest): void {
    const { context } = request;
    // Per-request state lives on the Lambda context; never let a reused object carry a caller over.
    delete context.caller;
    delete context.input;
    delete context.jsonBody;
    delete context.route;
    context.route = matchRoute(routes, request.event);
  }
  return { before: routeMiddlewareBefore };
}
