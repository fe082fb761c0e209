/** `DELETE /api/specs/{specId}`: 204, or 404 when the org has no such spec. */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import type { OperationInput, OperationResult, UserCaller } from '../shared/http/types';
import type { Infer } from '../shared/http/validate';
import type { SpecsDeps } from './deps';
import { SPEC_NOT_FOUND, specParams } from './schemas';

/**
 * @example
 * await deleteSpec({ auth, body: undefined, params: { specId }, query: {} }, deps) // { status: 204 }
 */
export async function deleteSpec(
  input: OperationInput<UserCaller, undefined, Infer<typeof specParams>, Record<string, never>>,
  deps: SpecsDeps,
): Promise<OperationResult> {
  const deleted = await deps.store.deleteSpec(deps.db, { orgId: input.auth.orgId, specId: input.params.specId });
  if (!deleted) throw new ApiError('not_found', SPEC_NOT_FOUND);
  return { status: 204 };
}

export const deleteSpecOperation = operation<SpecsDeps, UserCaller>()({
  params: specParams,
  notFound: SPEC_NOT_FOUND,
  run: deleteSpec,
});
