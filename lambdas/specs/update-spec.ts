/** `PATCH /api/specs/{specId}`: changes `name` and/or `sourceUrl` (null clears it). */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { presentSpec } from '../shared/http/present';
import type { OperationInput, OperationResult, UserCaller } from '../shared/http/types';
import type { Infer } from '../shared/http/validate';
import type { SpecsDeps } from './deps';
import { SPEC_NOT_FOUND, specParams, updateSpecBody } from './schemas';

/**
 * @example
 * await updateSpec({ auth, body: { name: 'Renamed' }, params: { specId }, query: {} }, deps) // { status: 200, body: { id, name: 'Renamed', … } }
 */
export async function updateSpec(
  input: OperationInput<UserCaller, Infer<typeof updateSpecBody>, Infer<typeof specParams>, Record<string, never>>,
  deps: SpecsDeps,
): Promise<OperationResult> {
  const { auth, body, params } = input;
  if (body.name === undefined && body.sourceUrl === undefined) {
    throw new ApiError('validation_failed', 'invalid request: body must change name or sourceUrl', {
      details: [{ field: 'body', message: 'must contain name or sourceUrl' }],
    });
  }
  const patch = {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.sourceUrl !== undefined ? { sourceUrl: body.sourceUrl } : {}),
  };
  const spec = await deps.store.updateSpec(deps.db, { orgId: auth.orgId, specId: params.specId, patch });
  if (spec === null) throw new ApiError('not_found', SPEC_NOT_FOUND);
  return { status: 200, body: presentSpec(spec) };
}

export const updateSpecOperation = operation<SpecsDeps, UserCaller>()({
  params: specParams,
  body: updateSpecBody,
  notFound: SPEC_NOT_FOUND,
  run: updateSpec,
});
