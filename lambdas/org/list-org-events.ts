/** `GET /api/org/events` (admin): the audit log, newest first, one page at a time. */
import { operation } from '../shared/http/operation';
import { presentOrgEvent } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import { DEFAULT_PAGE_SIZE } from '../shared/store/page';
import type { OrgDeps } from './deps';
import { pageQuery } from './schemas';

export const listOrgEventsOperation = operation<OrgDeps, CallerRef>()({
  query: pageQuery,
  run: async function listOrgEvents({ auth, query }, deps) {
    const page = await deps.store.listOrgEvents(deps.db, {
      caller: auth,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor ?? null,
    });
    return { status: 200, body: { items: page.items.map(presentOrgEvent), nextCursor: page.nextCursor } };
  },
});
