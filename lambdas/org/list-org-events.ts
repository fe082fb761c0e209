/** `GET /api/org/events` (admin): the audit log, newest first, one page at a time. */
import { operation } from '../shared/http/operation';
import { presentOrgEvent } from '../shared/http/present';
import type { UserCaller } from '../shared/http/types';
import { DEFAULT_PAGE_SIZE } from '../shared/store/specs';
import type { OrgDeps } from './deps';
import { pageQuery } from './schemas';

export const listOrgEventsOperation = operation<OrgDeps, UserCaller>()({
  query: pageQuery,
  run: async function listOrgEvents({ auth, query }, deps) {
    const page = await deps.store.listOrgEvents(deps.db, {
      orgId: auth.orgId,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor ?? null,
    });
    return { status: 200, body: { items: page.items.map(presentOrgEvent), nextCursor: page.nextCursor } };
  },
});
