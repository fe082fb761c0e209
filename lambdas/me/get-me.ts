/** `GET /api/me`: the caller and their org. Two Data API calls: the users row (auth) and the org. */
import { ApiError } from '../shared/api-error';
import type { DataExecutor } from '../shared/data-api/types';
import { operation } from '../shared/http/operation';
import { presentOrg, presentUser } from '../shared/http/present';
import type { UserCaller } from '../shared/http/types';
import type { getOrg } from '../shared/store/orgs';

export interface MeDeps {
  db: DataExecutor;
  store: { getOrg: typeof getOrg };
}

export const meOperations = {
  getMe: operation<MeDeps, UserCaller>()({
    run: async function getMe({ auth }, deps) {
      const org = await deps.store.getOrg(deps.db, { orgId: auth.orgId });
      // users.org_id references orgs with ON DELETE RESTRICT: a missing org is a broken invariant.
      if (org === null)
        throw new ApiError('internal_error', 'internal error', {
          cause: new Error(`org ${auth.orgId} of user ${auth.userId} not found`),
        });
      return {
        status: 200,
        body: { user: presentUser({ id: auth.userId, email: auth.email, role: auth.role }), org: presentOrg(org) },
      };
    },
  }),
};
