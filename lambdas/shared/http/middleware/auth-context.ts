/**
 * Puts the caller on `request.context.caller` according to the route's `auth`:
 * `none` → anonymous; `token` → the authorizer's claims with `exp` re-checked; `user` → that,
 * then the users row (428 `user_not_synced` without one). `apiKey` routes are the platform-key
 * middleware's; reaching here without it having run is a wiring bug.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { ApiError } from '../../api-error';
import { tokenCaller, userCaller, type FindCaller } from '../auth-context';
import { appendCallerKeys } from './logger-context';
import { checkOptions } from './options';
import type { HttpMiddleware, HttpRequest } from './types';

export interface AuthContextOptions {
  /** Loads the users row; required when any route is `auth: 'user'`. */
  findCaller: FindCaller | undefined;
  /** Leeway on `exp`, as the authorizer applies it (`AUTH_CLOCK_SKEW_SECONDS`). */
  clockSkewSeconds: number | undefined;
  /** Milliseconds since the epoch. */
  now: () => number;
  logger: Logger | undefined;
}

const defaults: AuthContextOptions = {
  findCaller: undefined,
  clockSkewSeconds: undefined,
  now: Date.now,
  logger: undefined,
};

/**
 * @example
 * middy(dispatch).use(authContext({ findCaller, clockSkewSeconds: 30, logger }))
 */
export function authContext(opts: Partial<AuthContextOptions>): HttpMiddleware {
  const options = checkOptions('authContext', defaults, opts, ['clockSkewSeconds', 'logger']);
  const { findCaller, now } = options;
  const clockSkewSeconds = options.clockSkewSeconds as number;
  const logger = options.logger as Logger;
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
