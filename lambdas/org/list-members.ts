/** `GET /api/org/members`: one page of the caller's org's members, oldest first (any member). */
import { operation } from '../shared/http/operation';
import { presentMember } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import { resolvePerson } from '../shared/store/caller';
import { DEFAULT_PAGE_SIZE } from '../shared/store/specs';
import type { OrgDeps } from './deps';
import { pageQuery } from './schemas';

export const listMembersOperation = operation<OrgDeps, CallerRef>()({
  query: pageQuery,
  run: async function listMembers({ auth: ref, query }, deps) {
    const auth = await resolvePerson(deps.db, ref);
    const page = await deps.store.listMembers(deps.db, {
      orgId: auth.orgId,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor ?? null,
    });
    return { status: 200, body: { items: page.items.map(presentMember), nextCursor: page.nextCursor } };
  },
});
