/** `GET /api/org/members`: one page of the caller's org's members, oldest first (any member). */
import { operation } from '../shared/http/operation';
import { presentMember } from '../shared/http/present';
import type { UserCaller } from '../shared/http/types';
import { DEFAULT_PAGE_SIZE } from '../shared/store/specs';
import type { OrgDeps } from './deps';
import { pageQuery } from './schemas';

export const listMembersOperation = operation<OrgDeps, UserCaller>()({
  query: pageQuery,
  run: async function listMembers({ auth, query }, deps) {
    const page = await deps.store.listMembers(deps.db, {
      orgId: auth.orgId,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor ?? null,
    });
    return { status: 200, body: { items: page.items.map(presentMember), nextCursor: page.nextCursor } };
  },
});
