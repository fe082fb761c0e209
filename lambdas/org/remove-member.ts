/**
 * `DELETE /api/org/members/{userId}`: an admin removes a member (an owner, an owner), or a member
 * leaves (their own id). 204; their users row goes, so their next request gets 428.
 */
import { operation } from '../shared/http/operation';
import type { CallerRef } from '../shared/http/types';
import { MEMBER_NOT_FOUND } from '../shared/store/members';
import type { OrgDeps } from './deps';
import { memberParams } from './schemas';

export const removeMemberOperation = operation<OrgDeps, CallerRef>()({
  params: memberParams,
  notFound: MEMBER_NOT_FOUND,
  run: async function removeMember({ auth, params }, deps) {
    await deps.store.removeMember(deps.db, { caller: auth, userId: params.userId });
    return { status: 204 };
  },
});
