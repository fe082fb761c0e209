/** `DELETE /api/specs/{specId}`: 204, or 404 when the org has no such spec. */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import type { CallerRef } from '../shared/http/types';
import type { SpecsDeps } from './deps';
import { SPEC_NOT_FOUND, specParams } from './schemas';

export const deleteSpecOperation = operation<SpecsDeps, CallerRef>()({
  params: specParams,
  notFound: SPEC_NOT_FOUND,
  run: async function deleteSpec({ auth, params }, deps) {
    const deleted = await deps.store.deleteSpec(deps.db, { caller: auth, specId: params.specId });
    if (!deleted) throw new ApiError('not_found', SPEC_NOT_FOUND);
    return { status: 204 };
  },
});
