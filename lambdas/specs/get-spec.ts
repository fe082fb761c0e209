/** `GET /api/specs/{specId}`: 404 for another org's spec exactly as for one that does not exist. */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { presentSpec } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import type { SpecsDeps } from './deps';
import { SPEC_NOT_FOUND, specParams } from './schemas';

export const getSpecOperation = operation<SpecsDeps, CallerRef>()({
  params: specParams,
  notFound: SPEC_NOT_FOUND,
  run: async function getSpec({ auth, params }, deps) {
    const spec = await deps.store.getSpec(deps.db, { caller: auth, specId: params.specId });
    if (spec === null) throw new ApiError('not_found', SPEC_NOT_FOUND);
    return { status: 200, body: presentSpec(spec) };
  },
});
