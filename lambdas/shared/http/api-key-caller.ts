/**
 * The org API key as a caller. The authorizer proved the key once and API Gateway may replay
 * that Allow from its cache for the TTL, so every request re-reads the key row (in the one Data
 * API call that also records `last_used_at`): a key revoked, expired, or gone with its org stops
 * on the next request. The org and scopes come from that row, never from the authorizer context.
 */
import type { RouteDefinition } from '../../routes';
import { ApiError } from '../api-error';
import { isUuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { refuseKey } from '../store/caller';
import type { CallerRef, OrgApiKeyCaller, OrgCaller } from './types';

/** The key row as the auth context needs it. */
export interface KeyCallerRow {
  id: string;
  orgId: string;
  name: string;
  scopes: string[];
  start: string;
  expiresAt: string;
  revokedAt: string | null;
  /** Neither revoked nor expired at the time the row was read. */
  active: boolean;
}

/** Loads (and touches) the key row of `keyId` at `now`, or null when there is none. */
export type FindKeyCaller = (keyId: string, now: Date) => Promise<KeyCallerRow | null>;

type AuthorizerContext = Record<string, unknown> | null | undefined;

/** True when the authorizer allowed an org API key rather than a person's token. */
export function isApiKeyContext(context: AuthorizerContext): context is Record<string, unknown> {
  return typeof context === 'object' && context !== null && context.principalType === 'api_key';
}

const PEOPLE_ONLY = 'this route is for people only; an API key cannot call it';

/**
 * The key a `user` route's statement will read, without a query: a route for people only
 * refuses it at once (403 `forbidden`), a malformed context is 401. The statement then refuses a
 * key unknown, revoked or expired (401) or without the route's scope (403 `insufficient_scope`).
 */
export function apiKeyRef(
  context: Record<string, unknown>,
  route: RouteDefinition,
  findKeyCaller: FindKeyCaller | undefined,
  now: Date,
): CallerRef {
  if (route.scope === undefined || findKeyCaller === undefined) throw new ApiError('forbidden', PEOPLE_ONLY);
  const keyId = context.keyId;
  if (!isUuid(keyId) || context.principalId !== `apikey:${keyId}`)
    throw new ApiError('unauthorized', 'missing or invalid credentials', {
      cause: new Error('authorizer context of an API key without a UUID keyId'),
    });
  return { kind: 'ref', subject: 'key', id: keyId.toLowerCase(), minRole: 'owner', scope: route.scope, now };
}

/**
 * The key caller of a `user` route read on its own (a request that refuses before its
 * statement), or the refusal: 403 `forbidden` on a route for people only,
 * 401 `unauthorized` for a key unknown, revoked or expired now, 403 `insufficient_scope` for a
 * key without the route's scope.
 */
export async function apiKeyCaller(
  context: Record<string, unknown>,
  route: RouteDefinition,
  findKeyCaller: FindKeyCaller | undefined,
  now: Date,
): Promise<OrgApiKeyCaller> {
  const ref = apiKeyRef(context, route, findKeyCaller, now);
  const row = (await findKeyCaller!(ref.id, now)) ?? undefined;
  refuseKey(
    row,
    (r) => ({
      revokedAt: r.revokedAt,
      active: r.active,
      hasScope: ref.scope === 'any' || r.scopes.includes(ref.scope),
    }),
    ref.scope,
  );
  return {
    kind: 'orgApiKey',
    keyId: row.id,
    orgId: row.orgId,
    name: row.name,
    scopes: row.scopes,
    start: row.start,
    expiresAt: row.expiresAt,
  };
}

/** Refuses a key on a route that takes a token but no org (`/auth/sync`): it is for people only. */
export function refuseApiKey(): never {
  throw new ApiError('forbidden', PEOPLE_ONLY);
}

/**
 * The key-row lookup over the store: one Data API call that also records `last_used_at`.
 *
 * @example
 * createHttpHandler({ …, auth: { clockSkewSeconds, findCaller, findKeyCaller: keyCallerFinder(db, touchApiKey) } });
 */
export function keyCallerFinder(
  db: DataExecutor,
  touchApiKey: (db: DataExecutor, args: { keyId: string; now: Date }) => Promise<KeyCallerRow | null>,
): FindKeyCaller {
  return function findKeyCaller(keyId, now) {
    return touchApiKey(db, { keyId, now });
  };
}

/** The id that acts for `caller` in the org: the person's, or the key's. */
export function actorIdOf(caller: OrgCaller | CallerRef): string {
  if (caller.kind === 'ref') return caller.id;
  return caller.kind === 'user' ? caller.userId : caller.keyId;
}
