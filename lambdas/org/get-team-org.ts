/** `GET /api/org`: the caller's org, its plan and its seats (any member). */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { presentTeamOrg } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import type { OrgDeps } from './deps';

export const getTeamOrgOperation = operation<OrgDeps, CallerRef>()({
  run: async function getTeamOrg({ auth }, deps) {
    const org = await deps.store.getOrg(deps.db, { caller: auth, now: deps.now() });
    // users.org_id references orgs with ON DELETE RESTRICT: a missing org is a broken invariant.
    if (org === null)
      throw new ApiError('internal_error', 'internal error', {
        cause: new Error(`org of user ${auth.id} not found`),
      });
    return { status: 200, body: presentTeamOrg(org) };
  },
});
