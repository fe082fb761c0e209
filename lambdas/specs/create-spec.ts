/** `POST /api/specs`: a new spec in the caller's org (409 on a duplicate name). */
import { operation } from '../shared/http/operation';
import { presentSpec } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import type { SpecsDeps } from './deps';
import { createSpecBody } from './schemas';

export const createSpecOperation = operation<SpecsDeps, CallerRef>()({
  body: createSpecBody,
  run: async function createSpec({ auth, body }, deps) {
    const spec = await deps.store.createSpec(deps.db, {
      caller: auth,
      name: body.name,
      sourceUrl: body.sourceUrl ?? null,
    });
    return { status: 201, body: presentSpec(spec) };
  },
});
