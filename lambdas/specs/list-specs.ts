/** `GET /api/specs`: one page of the caller's org's specs, newest first. */
import { operation } from '../shared/http/operation';
import { presentSpec } from '../shared/http/present';
import type { OperationInput, OperationResult, UserCaller } from '../shared/http/types';
import type { Infer } from '../shared/http/validate';
import { DEFAULT_PAGE_SIZE } from '../shared/store/specs';
import type { SpecsDeps } from './deps';
import { listSpecsQuery } from './schemas';

/**
 * @example
 * await listSpecs({ auth, body: undefined, params: {}, query: { limit: 50 } }, deps) // { status: 200, body: { items, nextCursor } }
 */
export async function listSpecs(
  input: OperationInput<UserCaller, undefined, Record<string, never>, Infer<typeof listSpecsQuery>>,
  deps: SpecsDeps,
): Promise<OperationResult> {
  const { auth, query } = input;
  const page = await deps.store.listSpecs(deps.db, {
    orgId: auth.orgId,
    limit: query.limit ?? DEFAULT_PAGE_SIZE,
    cursor: query.cursor ?? null,
  });
  return { status: 200, body: { items: page.items.map(presentSpec), nextCursor: page.nextCursor } };
}

export const listSpecsOperation = operation<SpecsDeps, UserCaller>()({ query: listSpecsQuery, run: listSpecs });
