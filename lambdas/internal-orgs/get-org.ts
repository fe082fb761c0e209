/** `GET /internal/orgs/{orgId}`: the org with its plan and member count. */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { presentPlatformOrg } from '../shared/http/present';
import type { PlatformCaller } from '../shared/http/types';
import type { InternalOrgsDeps } from './deps';
import { ORG_NOT_FOUND, orgParams } from './schemas';

export const getOrgOperation = operation<InternalOrgsDeps, PlatformCaller>()({
  params: orgParams,
  notFound: ORG_NOT_FOUND,
  run: async function getOrg({ params }, deps) {
    const org = await deps.store.getOrg(deps.db, { orgId: params.orgId });
    if (org === null) throw new ApiError('not_found', ORG_NOT_FOUND);
    return { status: 200, body: presentPlatformOrg(org) };
  },
});
