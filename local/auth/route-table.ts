/**
 * Every route of the emulator in one table: method, path, endpoint, and what must be shown before
 * the endpoint runs. Paths match exactly, as GoTrue's router does, except `{name}` segments, which
 * match one segment and reach the endpoint as `request.params.name`.
 */
import type { AuthEmulatorControl } from './control';
import type { Endpoint } from './endpoint';
import {
  adminCreateUser,
  adminDeleteUser,
  adminGetUser,
  adminListUsers,
  adminUpdateUser,
} from './endpoints/admin-users';
import { controlEndpoints } from './endpoints/control-routes';
import { health } from './endpoints/health';
import { jwks } from './endpoints/jwks';
import { logout } from './endpoints/logout';
import { signup } from './endpoints/signup';
import { token } from './endpoints/token';
import { getUser, updateUser } from './endpoints/user';

export const AUTH_PREFIX = '/auth/v1';
export const CONTROL_PREFIX = '/_local';

/**
 * `api-key`: Supabase's gateway answers 401 without a valid `apikey` (every `/auth/v1` route but
 * the JWKS). `open`: nothing. `control-token`: the `/_local` levers, behind the control token.
 */
export type RouteGuard = 'api-key' | 'open' | 'control-token';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  endpoint: Endpoint;
  guard: RouteGuard;
}

/**
 * The path parameters when `pattern` matches `pathname`, else `undefined`.
 *
 * @example
 * matchPath('/auth/v1/admin/users/{user_id}', '/auth/v1/admin/users/42'); // { user_id: '42' }
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = pathname.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = have[index]!;
    if (segment.startsWith('{') && segment.endsWith('}')) {
      if (actual === '') return undefined;
      params[segment.slice(1, -1)] = decodeURIComponent(actual);
    } else if (segment !== actual) {
      return undefined;
    }
  }
  return params;
}

/**
 * The routes, with the `/_local` control routes only when `control` is given.
 *
 * @example
 * const routes = routeTable(controlEnabled ? control : undefined);
 */
export function routeTable(control?: AuthEmulatorControl): Route[] {
  const routes: Route[] = [
    { method: 'POST', path: `${AUTH_PREFIX}/signup`, endpoint: signup, guard: 'api-key' },
    { method: 'POST', path: `${AUTH_PREFIX}/token`, endpoint: token, guard: 'api-key' },
    { method: 'GET', path: `${AUTH_PREFIX}/user`, endpoint: getUser, guard: 'api-key' },
    { method: 'PUT', path: `${AUTH_PREFIX}/user`, endpoint: updateUser, guard: 'api-key' },
    { method: 'POST', path: `${AUTH_PREFIX}/logout`, endpoint: logout, guard: 'api-key' },
    { method: 'GET', path: `${AUTH_PREFIX}/health`, endpoint: health, guard: 'api-key' },
    { method: 'GET', path: `${AUTH_PREFIX}/.well-known/jwks.json`, endpoint: jwks, guard: 'open' },
    { method: 'GET', path: `${AUTH_PREFIX}/admin/users`, endpoint: adminListUsers, guard: 'api-key' },
    { method: 'POST', path: `${AUTH_PREFIX}/admin/users`, endpoint: adminCreateUser, guard: 'api-key' },
    { method: 'GET', path: `${AUTH_PREFIX}/admin/users/{user_id}`, endpoint: adminGetUser, guard: 'api-key' },
    { method: 'PUT', path: `${AUTH_PREFIX}/admin/users/{user_id}`, endpoint: adminUpdateUser, guard: 'api-key' },
    { method: 'DELETE', path: `${AUTH_PREFIX}/admin/users/{user_id}`, endpoint: adminDeleteUser, guard: 'api-key' },
  ];
  if (control) {
    const endpoints = controlEndpoints(control);
    const lever = (path: string, endpoint: Endpoint): Route => ({
      method: 'POST',
      path: `${CONTROL_PREFIX}${path}`,
      endpoint,
      guard: 'control-token',
    });
    routes.push(
      lever('/signing-keys/rotate', endpoints.rotateSigningKey!),
      lever('/signing-keys/revoke', endpoints.revokeSigningKey!),
      lever('/jwks/down', endpoints.jwksDown!),
      lever('/jwks/up', endpoints.jwksUp!),
      lever('/access-tokens', endpoints.signAccessToken!),
    );
  }
  return routes;
}
