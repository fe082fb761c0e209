/**
 * Who is calling, decided from what the authorizer proved, and put on `request.context.caller`
 * according to the route's `auth`: `none` → anonymous; `token` → the authorizer's claims with
 * `exp` re-checked (API Gateway caches an Allow for its TTL, so it can outlive the token);
 * `user` → a {@link CallerRef}: the person (or org API key) and what the route asks of them,
 * without a query. The operation's one statement reads the caller's row together with its data
 * (`queryAs` in the store), so the org, role and scopes come only from that row, read now.
 * `apiKey` routes are the platform-key middleware's; reaching here without it having run is a
 * wiring bug.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { ApiError } from '../api-error';
import { isUuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import type { RouteDefinition } from '../../routes';
import { refusePerson, USER_NOT_SYNCED_MESSAGE } from '../store/caller';
import { hasRole } from '../store/roles';
import type { User } from '../store/types';
import { apiKeyCaller, apiKeyRef, type FindKeyCaller, isApiKeyContext, refuseApiKey } from './api-key-caller';
import { appendCallerKeys } from './logger';
import type { CallerRef, HttpMiddleware, HttpRequest, OrgCaller, TokenCaller } from './types';

export { USER_NOT_SYNCED_MESSAGE };

/** A users row as the auth context needs it. */
export interface CallerRow {
  id: string;
  orgId: string;
  role: string;
  email: string | null;
}

/** Loads the users row of `userId`, or null when the user never synced. */
export type FindCaller = (userId: string) => Promise<CallerRow | null>;

/** Thrown when the authorizer context is missing or malformed: a misconfigured route, not the client's fault. */
export class MissingAuthorizerContextError extends ApiError {
  constructor(reason: string) {
    super('unauthorized', 'missing or invalid credentials', { cause: new Error(`authorizer context ${reason}`) });
  }
}

type AuthorizerContext = Record<string, unknown> | null | undefined;

function stringField(context: Record<string, unknown>, key: string): string | undefined {
  const value = context[key];
  if (typeof value === 'string') return value;
  // Direct invocations (and some emulators) pass numbers and booleans unstringified.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The verified token's claims from the authorizer context (strings, as API Gateway passes them),
 * with `exp` re-checked against `nowSeconds` and the leeway.
 */
export function tokenCaller(
  context: AuthorizerContext,
  clock: { nowSeconds: number; clockSkewSeconds: number },
): TokenCaller {
  if (context === null || context === undefined || typeof context !== 'object')
    throw new MissingAuthorizerContextError('is missing');
  const principalId = stringField(context, 'principalId');
  const sub = stringField(context, 'sub') ?? principalId;
  if (sub === undefined || !isUuid(sub)) throw new MissingAuthorizerContextError('has no UUID sub');
  if (principalId !== undefined && principalId !== sub)
    throw new MissingAuthorizerContextError('has a principalId that differs from sub');
  const expText = stringField(context, 'exp');
  if (expText === undefined || !/^\d{1,12}$/.test(expText))
    throw new MissingAuthorizerContextError('has no numeric exp');
  const exp = Number(expText);
  if (clock.nowSeconds > exp + clock.clockSkewSeconds)
    throw new ApiError('token_expired', 'token has expired, sign in again or refresh the session');
  return {
    kind: 'token',
    userId: sub.toLowerCase(),
    email: stringField(context, 'email') ?? '',
    sessionId: stringField(context, 'sessionId') ?? '',
    exp,
  };
}

/** The users-row lookup over the store: one Data API call. */
export function callerFinder(
  db: DataExecutor,
  findUserById: (db: DataExecutor, args: { userId: string }) => Promise<User | null>,
): FindCaller {
  return async function findCaller(userId) {
    const user = await findUserById(db, { userId });
    return user === null ? null : { id: user.id, orgId: user.orgId, role: user.role, email: user.email };
  };
}

/** The person a `user` route's statement will read, and the route's role for them. */
export function userRef(token: TokenCaller, route: RouteDefinition, now: Date): CallerRef {
  return { kind: 'ref', subject: 'user', id: token.userId, minRole: route.minRole ?? 'owner', scope: 'any', now };
}

/**
 * The caller of a request that refuses before its operation's statement runs (its input failed
 * validation): their row read on its own, so the answer is the one the statement would have
 * given first (428, 401, 403), and only then the input's. One call.
 */
export async function settleCaller(
  ref: CallerRef,
  route: RouteDefinition,
  finders: { findCaller?: FindCaller; findKeyCaller?: FindKeyCaller },
): Promise<OrgCaller> {
  if (ref.subject === 'key')
    return apiKeyCaller({ principalId: `apikey:${ref.id}`, keyId: ref.id }, route, finders.findKeyCaller, ref.now);
  if (finders.findCaller === undefined)
    throw new ApiError('internal_error', 'internal error', { cause: new Error('no findCaller for a user route') });
  const row = (await finders.findCaller(ref.id)) ?? undefined;
  refusePerson(row, (r) => hasRole(r.role, ref.minRole), ref.minRole);
  return { kind: 'user', userId: row.id, orgId: row.orgId, role: row.role, email: row.email };
}

export interface AuthContextOptions {
  /** Loads the users row when a request refuses before its statement (see {@link settleCaller}). */
  findCaller?: FindCaller;
  /** Loads an org API key's row likewise; without it, every route refuses keys as people-only. */
  findKeyCaller?: FindKeyCaller;
  /** Leeway on `exp`, as the authorizer applies it (`AUTH_CLOCK_SKEW_SECONDS`). */
  clockSkewSeconds: number;
  /** Milliseconds since the epoch. */
  now?: () => number;
  logger: Logger;
}

export function authContext({
  findCaller,
  findKeyCaller,
  clockSkewSeconds,
  now = Date.now,
  logger,
}: AuthContextOptions): HttpMiddleware {
  if (!Number.isInteger(clockSkewSeconds) || clockSkewSeconds < 0)
    throw new TypeError('authContext: option "clockSkewSeconds" must be a non-negative integer');

  function authContextMiddlewareBefore(request: HttpRequest): void {
    const { context, event } = request;
    const auth = context.route?.auth;
    switch (auth) {
      case 'none':
        context.caller = { kind: 'none' };
        return;
      case 'apiKey':
        if (context.caller?.kind !== 'platform')
          throw new ApiError('internal_error', 'internal error', {
            cause: new Error('apiKey route reached authContext without the platform key check'),
          });
        return;
      case 'token':
      case 'user': {
        const authorizer = event.requestContext?.authorizer;
        if (isApiKeyContext(authorizer)) {
          if (auth === 'token' || context.route === undefined) refuseApiKey();
          const key = apiKeyRef(authorizer, context.route, findKeyCaller, new Date(now()));
          // The org is not known before the statement: the key's id identifies the caller in logs.
          logger.appendKeys({ api_key_id: key.id });
          context.caller = key;
          return;
        }
        const token = tokenCaller(event.requestContext?.authorizer, {
          nowSeconds: Math.floor(now() / 1000),
          clockSkewSeconds,
        });
        appendCallerKeys(logger, token);
        if (auth === 'token') {
          context.caller = token;
          return;
        }
        if (findCaller === undefined || context.route === undefined)
          throw new ApiError('internal_error', 'internal error', {
            cause: new Error('authContext has no findCaller for a user route'),
          });
        context.caller = userRef(token, context.route, new Date(now()));
        return;
      }
      default:
        throw new ApiError('internal_error', 'internal error', {
          cause: new Error(`route has unknown auth kind ${String(auth)}`),
        });
    }
  }
  return { before: authContextMiddlewareBefore };
}
