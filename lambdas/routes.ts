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
  | 'org'
  | 'org-api-keys'
  | 'internal-health'
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
  /**
   * `user` routes only (and required there): the lowest `users.role` that may call the route,
   * `member` < `admin` < `owner`; below it the role middleware answers 403 `forbidden`. Rules that
   * depend on the target (only an owner may grant, take away or remove `owner`; a member may
   * remove themself) are the store's, checked under the org's row lock.
   */
  minRole?: Role;
  api: ApiName;
  /** True when the route takes a JSON body. */
  body?: boolean;
  /**
   * Of a `user` route: the scope an org API key needs to call it (`'any'`: every key may). A route
   * that names none is for people only, and answers a key 403 `forbidden`.
   */
  scope?: ApiKeyScope | 'any';
}

/** Every route, in the order the docs list them. */
export const ROUTES: readonly RouteDefinition[] = [
  { method: 'GET', path: '/health', function: 'health', operation: 'getHealth', auth: 'none', api: 'public' },
  { method: 'POST', path: '/auth/sync', function: 'auth-sync', operation: 'syncCaller', auth: 'token', api: 'public' },
  {
    method: 'GET',
    path: '/api/me',
    function: 'me',
    operation: 'getMe',
    auth: 'user',
    minRole: 'member',
    api: 'public',
    scope: 'any',
  },
  {
    method: 'GET',
    path: '/api/specs',
    function: 'specs',
    operation: 'listSpecs',
    auth: 'user',
    minRole: 'member',
    api: 'public',
    scope: 'specs:read',
  },
  {
    method: 'POST',
    path: '/api/specs',
    function: 'specs',
    operation: 'createSpec',
    auth: 'user',
    minRole: 'member',
    api: 'public',
    scope: 'specs:write',
    body: true,
  },
  {
    method: 'GET',
    path: '/api/specs/{specId}',
    function: 'specs',
    operation: 'getSpec',
    auth: 'user',
    minRole: 'member',
    api: 'public',
    scope: 'specs:read',
  },
  {
    method: 'PATCH',
    path: '/api/specs/{specId}',
    function: 'specs',
    operation: 'updateSpec',
    auth: 'user',
    minRole: 'member',
    api: 'public',
    scope: 'specs:write',
    body: true,
  },
  {
    method: 'DELETE',
    path: '/api/specs/{specId}',
    function: 'specs',
    operation: 'deleteSpec',
    auth: 'user',
    minRole: 'member',
    api: 'public',
    scope: 'specs:write',
  },
  {
    method: 'GET',
    path: '/api/org',
    function: 'org',
    operation: 'getTeamOrg',
    auth: 'user',
    minRole: 'member',
    api: 'public',
  },
  {
    method: 'PATCH',
    path: '/api/org',
    function: 'org',
    operation: 'renameOrg',
    auth: 'user',
    minRole: 'admin',
    api: 'public',
    body: true,
  },
  {
    method: 'GET',
    path: '/api/org/members',
    function: 'org',
    operation: 'listMembers',
    auth: 'user',
    minRole: 'member',
    api: 'public',
  },
  {
    method: 'PATCH',
    path: '/api/org/members/{userId}',
    function: 'org',
    operation: 'changeMemberRole',
    auth: 'user',
    // Granting or taking away `owner` needs an owner: the store checks it.
    minRole: 'admin',
    api: 'public',
    body: true,
  },
  {
    method: 'DELETE',
    path: '/api/org/members/{userId}',
    function: 'org',
    operation: 'removeMember',
    auth: 'user',
    // Any member may leave (their own id); removing someone else needs admin, an owner needs owner: the store checks it.
    minRole: 'member',
    api: 'public',
  },
  {
    method: 'POST',
    path: '/api/org/invitations',
    function: 'org',
    operation: 'createInvitation',
    auth: 'user',
    minRole: 'admin',
    api: 'public',
    body: true,
  },
  {
    method: 'GET',
    path: '/api/org/invitations',
    function: 'org',
    operation: 'listInvitations',
    auth: 'user',
    minRole: 'admin',
    api: 'public',
  },
  {
    method: 'DELETE',
    path: '/api/org/invitations/{invitationId}',
    function: 'org',
    operation: 'revokeInvitation',
    auth: 'user',
    minRole: 'admin',
    api: 'public',
  },
  {
    method: 'GET',
    path: '/api/org/events',
    function: 'org',
    operation: 'listOrgEvents',
    auth: 'user',
    minRole: 'admin',
    api: 'public',
  },
  // Org API keys (people only, admin or owner). Without the `orgApiKeys` switch they answer 404.
  {
    method: 'POST',
    path: '/api/org/api-keys',
    function: 'org-api-keys',
    operation: 'createApiKey',
    auth: 'user',
    minRole: 'admin',
    api: 'public',
    body: true,
  },
  {
    method: 'GET',
    path: '/api/org/api-keys',
    function: 'org-api-keys',
    operation: 'listApiKeys',
    auth: 'user',
    minRole: 'admin',
    api: 'public',
  },
  {
    method: 'DELETE',
    path: '/api/org/api-keys/{keyId}',
    function: 'org-api-keys',
    operation: 'revokeApiKey',
    auth: 'user',
    minRole: 'admin',
    api: 'public',
  },
  {
    method: 'POST',
    path: '/api/invitations/accept',
    function: 'org',
    operation: 'acceptInvitation',
    // A verified token is enough: a user who never synced joins the inviting org directly.
    auth: 'token',
    api: 'public',
    body: true,
  },
  {
    method: 'GET',
    path: '/internal/health',
    function: 'internal-health',
    operation: 'getDeepHealth',
    auth: 'apiKey',
    api: 'internal',
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
