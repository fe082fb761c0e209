/** `PATCH /api/org` `{name}`: renames the caller's org (admin), recorded as `org.renamed`. */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { presentTeamOrg } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import { resolvePerson } from '../shared/store/caller';
import type { OrgDeps } from './deps';
import { renameOrgBody } from './schemas';

export const renameOrgOperation = operation<OrgDeps, CallerRef>()({
  body: renameOrgBody,
  run: async function renameOrg({ auth: ref, body }, deps) {
    const auth = await resolvePerson(deps.db, ref);
    await deps.store.renameOrg(deps.db, { orgId: auth.orgId, actorId: auth.userId, name: body.name });
    const org = await deps.store.getOrg(deps.db, { orgId: auth.orgId, now: deps.now() });
    if (org === null)
      throw new ApiError('internal_error', 'internal error', { cause: new Error(`org ${auth.orgId} vanished`) });
    return { status: 200, body: presentTeamOrg(org) };
  },
});
