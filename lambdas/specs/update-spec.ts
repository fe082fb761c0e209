/** `PATCH /api/specs/{specId}`: changes `name` and/or `sourceUrl` (null clears it). */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { refuseInput } from '../shared/store/caller';
import { presentSpec } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import type { SpecsDeps } from './deps';
import { SPEC_NOT_FOUND, specParams, updateSpecBody } from './schemas';

export const updateSpecOperation = operation<SpecsDeps, CallerRef>()({
  params: specParams,
  body: updateSpecBody,
  notFound: SPEC_NOT_FOUND,
  run: async function updateSpec({ auth, body, params }, deps) {
    if (body.name === undefined && body.sourceUrl === undefined) {
      const empty = new ApiError('validation_failed', 'invalid request: body must change name or sourceUrl', {
        details: [{ field: 'body', message: 'must contain name or sourceUrl' }],
      });
      return refuseInput(deps.db, { caller: auth }, empty);
    }
    const patch = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.sourceUrl !== undefined ? { sourceUrl: body.sourceUrl } : {}),
    };
    const spec = await deps.store.updateSpec(deps.db, { caller: auth, specId: params.specId, patch });
    if (spec === null) throw new ApiError('not_found', SPEC_NOT_FOUND);
    return { status: 200, body: presentSpec(spec) };
  },
});
