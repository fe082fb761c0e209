/**
 * The one route table. Every route of both APIs is listed here once: the CDK stacks build the
 * API Gateway resources, methods and functions from it, and each function's handler dispatches
 * with it. Nothing else lists routes.
 *
 * Pure data: imported by the CDK app, so it must not import Lambda runtime code.
 */
import type { ApiKeyScope } from './shared/api-keys/scopes';
import type { Role } from './shared/store/types';

/** `none`: public; `token`: a verified token, no users row needed; `user`: a synced user; `apiKey`: the platform key. */
export type AuthKind = 'none' | 'token' | 'user' | 'apiKey';

/** Which REST API serves the route: the public API, or the separate API-key-protected internal one. */
export type ApiName = 'public' | 'internal';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The Lambda functions; each lives in `lambdas/<name>/handler.ts`. */
export type FunctionName =
  | 'health'
  | 'auth-sync'
  | 'me'
  | 'specs'
  | 'org-api-keys'
  | 'internal-orgs'
  | 'internal-users';

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway resource path, with `{param}` segments. */
  path: string;
  function: FunctionName;
  /** The plain function inside the Lambda that serves this route. */
  operation: string;
  auth: AuthKind;
  api: ApiName;
  /** True when the route takes a JSON body. */
  body?: boolean;
  /**
   * Of a `user` route: the scope an org API key needs to call it (`'any'`: every key may). A route
   * that names none is for people only, and answers a key 403 `forbidden`.
   */
  scope?: ApiKeyScope | 'any';
  /** Of a `user` route: the lowest role a person needs (member < admin < owner); 403 `forbidden` below it. */
  minRole?: Role;
}

/** Every route, in the order the docs list them. */
export const ROUTES: readonly RouteDefinition[] = [
  { method: 'GET', path: '/health', function: 'health', operation: 'getHealth', auth: 'none', api: 'public' },
  { method: 'POST', path: '/auth/sync', function: 'auth-sync', operation: 'syncCaller', auth: 'token', api: 'public' },
  { method: 'GET', path: '/api/me', function: 'me', operation: 'getMe', auth: 'user', api: 'public', scope: 'any' },
  {
    method: 'GET',
    path: '/api/specs',
    function: 'specs',
    operation: 'listSpecs',
    auth: 'user',
    api: 'public',
    scope: 'specs:read',
  },
  {
    method: 'POST',
    path: '/api/specs',
    function: 'specs',
    operation: 'createSpec',
    auth: 'user',
    api: 'public',
    body: true,
    scope: 'specs:write',
  },
  {
    method: 'GET',
    path: '/api/specs/{specId}',
    function: 'specs',
    operation: 'getSpec',
    auth: 'user',
    api: 'public',
    scope: 'specs:read',
  },
  {
    method: 'PATCH',
    path: '/api/specs/{specId}',
    function: 'specs',
    operation: 'updateSpec',
    auth: 'user',
    api: 'public',
    body: true,
    scope: 'specs:write',
  },
  {
    method: 'DELETE',
    path: '/api/specs/{specId}',
    function: 'specs',
    operation: 'deleteSpec',
    auth: 'user',
    api: 'public',
    scope: 'specs:write',
  },
  // Org API keys (people only, admin or owner). Without the `orgApiKeys` switch they answer 404.
  {
    method: 'POST',
    path: '/api/org/api-keys',
    function: 'org-api-keys',
    operation: 'createApiKey',
    auth: 'user',
    api: 'public',
    body: true,
    minRole: 'admin',
  },
  {
    method: 'GET',
    path: '/api/org/api-keys',
    function: 'org-api-keys',
    operation: 'listApiKeys',
    auth: 'user',
    api: 'public',
    minRole: 'admin',
  },
  {
    method: 'DELETE',
    path: '/api/org/api-keys/{keyId}',
    function: 'org-api-keys',
    operation: 'revokeApiKey',
    auth: 'user',
    api: 'public',
    minRole: 'admin',
  },
  {
    method: 'GET',
    path: '/internal/orgs/{orgId}',
    function: 'internal-orgs',
    operation: 'getOrg',
    auth: 'apiKey',
    api: 'internal',
  },
  {
    method: 'PUT',
    path: '/internal/orgs/{orgId}/plan',
    function: 'internal-orgs',
    operation: 'setOrgPlan',
    auth: 'apiKey',
    api: 'internal',
    body: true,
  },
  {
    method: 'GET',
    path: '/internal/users/{userId}',
    function: 'internal-users',
    operation: 'getUser',
    auth: 'apiKey',
    api: 'internal',
  },
];

/** The routes one function serves. */
export function routesOf(fn: FunctionName): RouteDefinition[] {
  return ROUTES.filter((r) => r.function === fn);
}

/** The distinct functions of one API. */
export function functionsOf(api: ApiName): FunctionName[] {
  return [...new Set(ROUTES.filter((r) => r.api === api).map((r) => r.function))];
}
