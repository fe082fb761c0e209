/** The auth context's users-row lookup, over the store. One Data API call. */
import type { DataExecutor } from '../data-api/types';
import type { User } from '../store/types';
import type { FindCaller } from './auth-context';

/**
 * @example
 * const findCaller = callerFinder(db, findUserById);
 */
export function callerFinder(
  db: DataExecutor,
  findUserById: (db: DataExecutor, args: { userId: string }) => Promise<User | null>,
): FindCaller {
  return async function findCaller(userId) {
    const user = await findUserById(db, { userId });
    return user === null ? null : { id: user.id, orgId: user.orgId, role: user.role, email: user.email };
  };
}
