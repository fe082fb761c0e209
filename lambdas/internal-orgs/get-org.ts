/** `GET /internal/orgs/{orgId}`: the org with its plan and member count. */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { presentPlatformOrg } from '../shared/http/present';
import type { OperationInput, OperationResult, PlatformCaller } from '../shared/http/types';
import type { Infer } from '../shared/http/validate';
import type { InternalOrgsDeps } from './deps';
import { ORG_NOT_FOUND, orgParams } from './schemas';

/**
 * @example
 * await getOrg({ auth: { kind: 'platform' }, body: undefined, params: { orgId }, query: {} }, deps)
 * // { status: 200, body: { id, name, plan, memberCount, createdAt } }
 */
export async function getOrg(
  input: OperationInput<PlatformCaller, undefined, Infer<typeof orgParams>, Record<string, never>>,
  deps: InternalOrgsDeps,
): Promise<OperationResult> {
  const org = await deps.store.getOrg(deps.db, { orgId: input.params.orgId });
  if (org === null) throw new ApiError('not_found', ORG_NOT_FOUND);
  return { status: 200, body: presentPlatformOrg(org) };
}

export const getOrgOperation = operation<InternalOrgsDeps, PlatformCaller>()({
  params: orgParams,
  notFound: ORG_NOT_FOUND,
  run: getOrg,
});
