/**
 * Puts the matched route of the table on `request.context.route` (405 for a method the function
 * does not serve), after clearing any per-request state a reused context object might carry.
 */
import type { RouteDefinition } from '../../../routes';
import { matchRoute } from '../route-match';
import { checkOptions } from './options';
import type { HttpMiddleware, HttpRequest } from './types';

export interface RouteOptions {
  routes: readonly RouteDefinition[];
}

const defaults: RouteOptions = { routes: [] };

/**
 * @example
 * middy(dispatch).use(route({ routes: routesOf('specs') }))
 */
export function route(opts: Partial<RouteOptions>): HttpMiddleware {
  const { routes } = checkOptions('route', defaults, opts);
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
