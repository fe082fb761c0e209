/** `PATCH /api/org` `{name}`: renames the caller's org (admin), recorded as `org.renamed`. */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { presentTeamOrg } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import type { OrgDeps } from './deps';
import { renameOrgBody } from './schemas';

export const renameOrgOperation = operation<OrgDeps, CallerRef>()({
  body: renameOrgBody,
  run: async function renameOrg({ auth, body }, deps) {
    const org = await deps.store.renameOrg(deps.db, { caller: auth, name: body.name, now: deps.now() });
    // users.org_id references orgs with ON DELETE RESTRICT: an allowed caller without an org is a broken invariant.
    if (org === null)
      throw new ApiError('internal_error', 'internal error', { cause: new Error(`org of user ${auth.id} vanished`) });
    return { status: 200, body: presentTeamOrg(org) };
  },
});
