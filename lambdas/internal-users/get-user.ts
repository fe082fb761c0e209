/** `GET /internal/users/{userId}`: the user with their org id and role. */
import { ApiError } from '../shared/api-error';
import type { DataExecutor } from '../shared/data-api/types';
import { operation } from '../shared/http/operation';
import { presentPlatformUser } from '../shared/http/present';
import type { PlatformCaller } from '../shared/http/types';
import type { findUserById } from '../shared/store/users';

export interface InternalUsersDeps {
  db: DataExecutor;
  store: { findUserById: typeof findUserById };
}

export const userParams = { userId: { type: 'string', format: 'uuid' } } as const;
const USER_NOT_FOUND = 'user not found';

export const getUserOperation = operation<InternalUsersDeps, PlatformCaller>()({
  params: userParams,
  notFound: USER_NOT_FOUND,
  run: async function getUser({ params }, deps) {
    const user = await deps.store.findUserById(deps.db, { userId: params.userId });
    if (user === null) throw new ApiError('not_found', USER_NOT_FOUND);
    return { status: 200, body: presentPlatformUser(user) };
  },
});
