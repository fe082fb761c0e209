/** `GET /api/specs/{specId}`: 404 for another org's spec exactly as for one that does not exist. */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { presentSpec } from '../shared/http/present';
import type { OperationInput, OperationResult, UserCaller } from '../shared/http/types';
import type { Infer } from '../shared/http/validate';
import type { SpecsDeps } from './deps';
import { SPEC_NOT_FOUND, specParams } from './schemas';

/**
 * @example
 * await getSpec({ auth, body: undefined, params: { specId }, query: {} }, deps) // { status: 200, body: { id, name, … } }
 */
export async function getSpec(
  input: OperationInput<UserCaller, undefined, Infer<typeof specParams>, Record<string, never>>,
  deps: SpecsDeps,
): Promise<OperationResult> {
  const spec = await deps.store.getSpec(deps.db, { orgId: input.auth.orgId, specId: input.params.specId });
  if (spec === null) throw new ApiError('not_found', SPEC_NOT_FOUND);
  return { status: 200, body: presentSpec(spec) };
}

export const getSpecOperation = operation<SpecsDeps, UserCaller>()({
  params: specParams,
  notFound: SPEC_NOT_FOUND,
  run: getSpec,
});
