/** `POST /api/specs`: a new spec in the caller's org (409 on a duplicate name). */
import { operation } from '../shared/http/operation';
import { presentSpec } from '../shared/http/present';
import type { OperationInput, OperationResult, UserCaller } from '../shared/http/types';
import type { Infer } from '../shared/http/validate';
import type { SpecsDeps } from './deps';
import { createSpecBody } from './schemas';

/**
 * @example
 * await createSpec({ auth, body: { name: 'Billing API' }, params: {}, query: {} }, deps) // { status: 201, body: { id, name, … } }
 */
export async function createSpec(
  input: OperationInput<UserCaller, Infer<typeof createSpecBody>, Record<string, never>, Record<string, never>>,
  deps: SpecsDeps,
): Promise<OperationResult> {
  const { auth, body } = input;
  const spec = await deps.store.createSpec(deps.db, {
    orgId: auth.orgId,
    createdBy: auth.userId,
    name: body.name,
    sourceUrl: body.sourceUrl ?? null,
  });
  return { status: 201, body: presentSpec(spec) };
}

export const createSpecOperation = operation<SpecsDeps, UserCaller>()({ body: createSpecBody, run: createSpec });
