/**
 * The route table's `minRole`, enforced in one place: after the auth context has loaded the
 * caller's users row (this request's read, never a token claim), a `user` route whose `minRole`
 * the caller's role does not reach answers 403 `forbidden`, before the input is validated, so a
 * caller without the role learns nothing about the route's body. An org API key has no role: the
 * auth context already held it to the route's `scope` (and refused it on people-only routes).
 */
import { ApiError } from '../api-error';
import { hasRole } from '../store/roles';
import type { HttpMiddleware, HttpRequest } from './types';

export function requireRole(): HttpMiddleware {
  function requireRoleMiddlewareBefore(request: HttpRequest): void {
    const { route, caller } = request.context;
    // A caller not yet read (`ref`) is held to `minRole` by the operation's statement, which reads
    // the row and the data together (`queryAs`).
    if (route?.minRole === undefined || caller?.kind === 'orgApiKey' || caller?.kind === 'ref') return;
    if (caller?.kind !== 'user')
      throw new ApiError('internal_error', 'internal error', {
        cause: new Error(`route with minRole reached requireRole with a ${String(caller?.kind)} caller`),
      });
    if (!hasRole(caller.role, route.minRole))
      throw new ApiError('forbidden', `this needs the ${route.minRole} role in the organization`);
  }
  return { before: requireRoleMiddlewareBefore };
}
