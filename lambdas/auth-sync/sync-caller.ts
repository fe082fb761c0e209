/**
 * `POST /auth/sync`: creates the caller's users row and org from the verified claims on first
 * call (201), refreshes the email afterwards (200). Idempotent and race-safe (the store's sync).
 */
import type { DataExecutor } from '../shared/data-api/types';
import { operation } from '../shared/http/operation';
import { presentOrg, presentUser } from '../shared/http/present';
import type { TokenCaller } from '../shared/http/types';
import type { syncUser } from '../shared/store/users';

export interface AuthSyncDeps {
  db: DataExecutor;
  store: { syncUser: typeof syncUser };
}

export const authSyncOperations = {
  syncCaller: operation<AuthSyncDeps, TokenCaller>()({
    run: async function syncCaller({ auth }, deps) {
      const { userId, email } = auth;
      const { user, org, created } = await deps.store.syncUser(deps.db, {
        userId,
        email: email === '' ? null : email,
      });
      return { status: created ? 201 : 200, body: { user: presentUser(user), org: presentOrg(org) } };
    },
  }),
};
