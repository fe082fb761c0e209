/**
 * Who is calling, decided from what the authorizer proved, and put on `request.context.caller`
 * according to the route's `auth`: `none` → anonymous; `token` → the authorizer's claims with
 * `exp` re-checked (API Gateway caches an Allow for its TTL, so it can outlive the token);
 * `user` → that, then the users row (428 `user_not_synced` without one). The org comes only from
 * that row. `apiKey` routes are the platform-key middleware's; reaching here without it having
 * run is a wiring bug.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { ApiError } from '../api-error';
import { isUuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import type { User } from '../store/types';
import { apiKeyCaller, type FindKeyCaller, isApiKeyContext, refuseApiKey } from './api-key-caller';
import { appendCallerKeys } from './logger';
import type { HttpMiddleware, HttpRequest, TokenCaller, UserCaller } from './types';

/** The exact message of the 428 a client gets until it calls `POST /auth/sync`. */
export const USER_NOT_SYNCED_MESSAGE = 'user account not synced, call POST /auth/sync first';

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

/**
 * The synced caller: the token checks of {@link tokenCaller}, then the users row. No row →
 * 428 `user_not_synced`.
 */
export async function userCaller(token: TokenCaller, findCaller: FindCaller): Promise<UserCaller> {
  const row = await findCaller(token.userId);
  if (row === null) throw new ApiError('user_not_synced', USER_NOT_SYNCED_MESSAGE);
  return { kind: 'user', userId: row.id, orgId: row.orgId, role: row.role, email: row.email };
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

export interface AuthContextOptions {
  /** Loads the users row; required when any route is `auth: 'user'`. */
  findCaller?: FindCaller;
  /** Loads an org API key's row; without it, every route refuses keys as people-only. */
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

  async function authContextMiddlewareBefore(request: HttpRequest): Promise<void> {
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
          const key = await apiKeyCaller(authorizer, context.route, findKeyCaller, new Date(now()));
          appendCallerKeys(logger, key);
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
        if (findCaller === undefined)
          throw new ApiError('internal_error', 'internal error', {
            cause: new Error('authContext has no findCaller for a user route'),
          });
        const user = await userCaller(token, findCaller);
        appendCallerKeys(logger, user);
        context.caller = user;
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
