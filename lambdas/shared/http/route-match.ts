/**
 * Which route of the table a request is, from `event.resource` (the API Gateway resource path,
 * with `{param}` segments) and `event.httpMethod`.
 */
import type { RouteDefinition } from '../../routes';
import { ApiError } from '../api-error';

/**
 * The route a request targets among one function's routes. A known resource with a method the
 * function does not serve → 405 `method_not_allowed`; an unknown resource (a wiring mistake) →
 * 404 `not_found`.
 *
 * @example
 * matchRoute(routesOf('specs'), { resource: '/api/specs/{specId}', httpMethod: 'GET' }).operation // 'getSpec'
 */
export function matchRoute(
  routes: readonly RouteDefinition[],
  event: { resource?: string | null; httpMethod?: string | null },
): RouteDefinition {
  const sameResource = routes.filter((r) => r.path === event.resource);
  if (sameResource.length === 0) throw new ApiError('not_found', 'no such route');
  const route = sameResource.find((r) => r.method === event.httpMethod);
  if (route === undefined) {
    const allowed = sameResource.map((r) => r.method).join(', ');
    throw new ApiError(
      'method_not_allowed',
      `method ${String(event.httpMethod)} is not allowed here; allowed: ${allowed}`,
    );
  }
  return route;
}
