/**
 * Test data that cannot collide with other test files: random user ids, random names.
 */
import { randomUUID } from 'node:crypto';
import type { DataExecutor } from '../../lambdas/shared/data-api/types';
import { syncUser, type SyncResult } from '../../lambdas/shared/store/users';

/** A unique string with a readable prefix. */
export function uniqueName(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A brand-new synced user, owner of a brand-new org. */
export async function newOwner(db: DataExecutor): Promise<SyncResult> {
  const userId = randomUUID();
  return syncUser(db, { userId, email: `${uniqueName('owner')}@example.com` });
}
