/** `POST /api/specs`: a new spec in the caller's org (409 on a duplicate name). */
import { operation } from '../shared/http/operation';
import { presentSpec } from '../shared/http/present';
import type { UserCaller } from '../shared/http/types';
import type { SpecsDeps } from './deps';
import { createSpecBody } from './schemas';

export const createSpecOperation = operation<SpecsDeps, UserCaller>()({
  body: createSpecBody,
  run: async function createSpec({ auth, body }, deps) {
    const spec = await deps.store.createSpec(deps.db, {
      orgId: auth.orgId,
      createdBy: auth.userId,
      name: body.name,
      sourceUrl: body.sourceUrl ?? null,
    });
    return { status: 201, body: presentSpec(spec) };
  },
});
