/** `GET /api/specs`: one page of the caller's org's specs, newest first. */
import { operation } from '../shared/http/operation';
import { presentSpec } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import { DEFAULT_PAGE_SIZE } from '../shared/store/page';
import type { SpecsDeps } from './deps';
import { listSpecsQuery } from './schemas';

export const listSpecsOperation = operation<SpecsDeps, CallerRef>()({
  query: listSpecsQuery,
  run: async function listSpecs({ auth, query }, deps) {
    const page = await deps.store.listSpecs(deps.db, {
      caller: auth,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor ?? null,
    });
    return { status: 200, body: { items: page.items.map(presentSpec), nextCursor: page.nextCursor } };
  },
});
