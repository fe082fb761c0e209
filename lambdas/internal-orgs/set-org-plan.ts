/** `PUT /internal/orgs/{orgId}/plan`: sets the plan (`free`, `pro` or `enterprise`). */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { presentOrg } from '../shared/http/present';
import type { OperationInput, OperationResult, PlatformCaller } from '../shared/http/types';
import type { Infer } from '../shared/http/validate';
import type { Plan } from '../shared/store/types';
import type { InternalOrgsDeps } from './deps';
import { ORG_NOT_FOUND, orgParams, setPlanBody } from './schemas';

/**
 * @example
 * await setOrgPlan({ auth: { kind: 'platform' }, body: { plan: 'pro' }, params: { orgId }, query: {} }, deps)
 * // { status: 200, body: { id, name, plan: 'pro' } }
 */
export async function setOrgPlan(
  input: OperationInput<PlatformCaller, Infer<typeof setPlanBody>, Infer<typeof orgParams>, Record<string, never>>,
  deps: InternalOrgsDeps,
): Promise<OperationResult> {
  const org = await deps.store.setOrgPlan(deps.db, { orgId: input.params.orgId, plan: input.body.plan as Plan });
  if (org === null) throw new ApiError('not_found', ORG_NOT_FOUND);
  return { status: 200, body: presentOrg(org) };
}

export const setOrgPlanOperation = operation<InternalOrgsDeps, PlatformCaller>()({
  params: orgParams,
  body: setPlanBody,
  notFound: ORG_NOT_FOUND,
  run: setOrgPlan,
});
