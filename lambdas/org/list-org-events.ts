/** `GET /api/org/events` (admin): the audit log, newest first, one page at a time. */
import { operation } from '../shared/http/operation';
import { presentOrgEvent } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import { resolvePerson } from '../shared/store/caller';
import { DEFAULT_PAGE_SIZE } from '../shared/store/specs';
import type { OrgDeps } from './deps';
import { pageQuery } from './schemas';

export const listOrgEventsOperation = operation<OrgDeps, CallerRef>()({
  query: pageQuery,
  run: async function listOrgEvents({ auth: ref, query }, deps) {
    const auth = await resolvePerson(deps.db, ref);
    const page = await deps.store.listOrgEvents(deps.db, {
      orgId: auth.orgId,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor ?? null,
    });
    return { status: 200, body: { items: page.items.map(presentOrgEvent), nextCursor: page.nextCursor } };
  },
});
