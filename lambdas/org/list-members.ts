/** `GET /api/org/members`: one page of the caller's org's members, oldest first (any member). */
import { operation } from '../shared/http/operation';
import { presentMember } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import { DEFAULT_PAGE_SIZE } from '../shared/store/page';
import type { OrgDeps } from './deps';
import { pageQuery } from './schemas';

export const listMembersOperation = operation<OrgDeps, CallerRef>()({
  query: pageQuery,
  run: async function listMembers({ auth, query }, deps) {
    const page = await deps.store.listMembers(deps.db, {
      caller: auth,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor ?? null,
    });
    return { status: 200, body: { items: page.items.map(presentMember), nextCursor: page.nextCursor } };
  },
});
