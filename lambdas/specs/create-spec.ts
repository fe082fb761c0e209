/** `POST /api/specs`: a new spec in the caller's org (409 on a duplicate name). */
import { actorIdOf } from '../shared/http/api-key-caller';
import { operation } from '../shared/http/operation';
import { presentSpec } from '../shared/http/present';
import type { OrgCaller } from '../shared/http/types';
import type { SpecsDeps } from './deps';
import { createSpecBody } from './schemas';

export const createSpecOperation = operation<SpecsDeps, OrgCaller>()({
  body: createSpecBody,
  run: async function createSpec({ auth, body }, deps) {
    const spec = await deps.store.createSpec(deps.db, {
      orgId: auth.orgId,
      createdBy: actorIdOf(auth),
      name: body.name,
      sourceUrl: body.sourceUrl ?? null,
    });
    return { status: 201, body: presentSpec(spec) };
  },
});
