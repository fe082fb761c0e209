/**
 * Every route of the emulator in one table: method, path, endpoint, and whether Supabase's API
 * gateway demands an `apikey` for it. Paths match exactly, as GoTrue's router does.
 */
import type { AuthEmulatorControl } from './control';
import type { Endpoint } from './endpoint';
import { controlEndpoints } from './endpoints/control-routes';
import { health } from './endpoints/health';
import { jwks } from './endpoints/jwks';
import { logout } from './endpoints/logout';
import { signup } from './endpoints/signup';
import { token } from './endpoints/token';
import { getUser } from './endpoints/user';

export const AUTH_PREFIX = '/auth/v1';
export const CONTROL_PREFIX = '/_local';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  endpoint: Endpoint;
  /** Supabase's gateway answers 401 without a valid `apikey` (the JWKS is the open exception). */
  requiresApiKey: boolean;
}

/**
 * The routes, with the `/_local` control routes only when `control` is given.
 *
 * @example
 * const routes = routeTable(controlEnabled ? control : undefined);
 */
export function routeTable(control?: AuthEmulatorControl): Route[] {
  const routes: Route[] = [
    { method: 'POST', path: `${AUTH_PREFIX}/signup`, endpoint: signup, requiresApiKey: true },
    { method: 'POST', path: `${AUTH_PREFIX}/token`, endpoint: token, requiresApiKey: true },
    { method: 'GET', path: `${AUTH_PREFIX}/user`, endpoint: getUser, requiresApiKey: true },
    { method: 'POST', path: `${AUTH_PREFIX}/logout`, endpoint: logout, requiresApiKey: true },
    { method: 'GET', path: `${AUTH_PREFIX}/health`, endpoint: health, requiresApiKey: true },
    { method: 'GET', path: `${AUTH_PREFIX}/.well-known/jwks.json`, endpoint: jwks, requiresApiKey: false },
  ];
  if (control) {
    const endpoints = controlEndpoints(control);
    routes.push(
      {
        method: 'POST',
        path: `${CONTROL_PREFIX}/signing-keys/rotate`,
        endpoint: endpoints.rotateSigningKey!,
        requiresApiKey: false,
      },
      {
        method: 'POST',
        path: `${CONTROL_PREFIX}/signing-keys/revoke`,
        endpoint: endpoints.revokeSigningKey!,
        requiresApiKey: false,
      },
      { method: 'POST', path: `${CONTROL_PREFIX}/jwks/down`, endpoint: endpoints.jwksDown!, requiresApiKey: false },
      { method: 'POST', path: `${CONTROL_PREFIX}/jwks/up`, endpoint: endpoints.jwksUp!, requiresApiKey: false },
      {
        method: 'POST',
        path: `${CONTROL_PREFIX}/access-tokens`,
        endpoint: endpoints.signAccessToken!,
        requiresApiKey: false,
      },
    );
  }
  return routes;
}
