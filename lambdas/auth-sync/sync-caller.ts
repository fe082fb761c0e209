/**
 * `POST /auth/sync`: creates the caller's users row and org from the verified claims on first
 * call (201), refreshes the email afterwards (200). Idempotent and race-safe (the store's sync).
 */
import type { DataExecutor } from '../shared/data-api/types';
import { operation } from '../shared/http/operation';
import { presentOrg, presentUser } from '../shared/http/present';
import type { OperationInput, OperationResult, TokenCaller } from '../shared/http/types';
import type { syncUser } from '../shared/store/users';

export interface AuthSyncDeps {
  db: DataExecutor;
  store: { syncUser: typeof syncUser };
}

/**
 * @example
 * await syncCaller({ auth: tokenCaller, body: undefined, params: {}, query: {} }, { db, store })
 * // { status: 201, body: { user: { id, email, role: 'owner' }, org: { id, name, plan: 'free' } } }
 */
export async function syncCaller(
  input: OperationInput<TokenCaller, undefined, Record<string, never>, Record<string, never>>,
  deps: AuthSyncDeps,
): Promise<OperationResult> {
  const { userId, email } = input.auth;
  const { user, org, created } = await deps.store.syncUser(deps.db, { userId, email: email === '' ? null : email });
  return { status: created ? 201 : 200, body: { user: presentUser(user), org: presentOrg(org) } };
}

export const authSyncOperations = {
  syncCaller: operation<AuthSyncDeps, TokenCaller>()({ run: syncCaller }),
};
