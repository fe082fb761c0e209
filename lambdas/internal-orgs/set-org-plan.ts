/** `PUT /internal/orgs/{orgId}/plan`: sets the plan (`free`, `pro` or `enterprise`). */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { presentOrg } from '../shared/http/present';
import type { PlatformCaller } from '../shared/http/types';
import type { Plan } from '../shared/store/types';
import type { InternalOrgsDeps } from './deps';
import { ORG_NOT_FOUND, orgParams, setPlanBody } from './schemas';

export const setOrgPlanOperation = operation<InternalOrgsDeps, PlatformCaller>()({
  params: orgParams,
  body: setPlanBody,
  notFound: ORG_NOT_FOUND,
  run: async function setOrgPlan({ body, params }, deps) {
    const org = await deps.store.setOrgPlan(deps.db, { orgId: params.orgId, plan: body.plan as Plan });
    if (org === null) throw new ApiError('not_found', ORG_NOT_FOUND);
    return { status: 200, body: presentOrg(org) };
  },
});
