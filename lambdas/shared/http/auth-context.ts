/**
 * Who is calling, decided from what the authorizer proved. API Gateway hands the authorizer's
 * context to the function as strings in `requestContext.authorizer`; because it caches an Allow
 * for its TTL, the expiry is checked again here. The org comes only from the `users` row.
 */
import { ApiError } from '../api-error';
import { isUuid } from './validate';
import type { TokenCaller, UserCaller } from './types';

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
 * The verified token's claims from the authorizer context, with `exp` re-checked against
 * `nowSeconds` and the leeway.
 *
 * @example
 * tokenCaller(event.requestContext.authorizer, { nowSeconds: 1_700_000_000, clockSkewSeconds: 30 })
 * // { kind: 'token', userId: '…', email: 'a@b.c', sessionId: '…', exp: 1700000600 }
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
 *
 * @example
 * const caller = await userCaller(token, findCaller) // { kind: 'user', userId, orgId, role, email }
 */
export async function userCaller(token: TokenCaller, findCaller: FindCaller): Promise<UserCaller> {
  const row = await findCaller(token.userId);
  if (row === null) throw new ApiError('user_not_synced', USER_NOT_SYNCED_MESSAGE);
  return { kind: 'user', userId: row.id, orgId: row.orgId, role: row.role, email: row.email };
}
