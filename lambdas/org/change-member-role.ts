/**
 * `PATCH /api/org/members/{userId}` `{role}`: admin between `member` and `admin`; `owner` changes
 * need an owner; the last owner stays (409 `last_owner`). Another org's member is 404.
 */
import { operation } from '../shared/http/operation';
import { presentMember } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import { MEMBER_NOT_FOUND } from '../shared/store/members';
import type { Role } from '../shared/store/types';
import type { OrgDeps } from './deps';
import { changeRoleBody, memberParams } from './schemas';

export const changeMemberRoleOperation = operation<OrgDeps, CallerRef>()({
  params: memberParams,
  body: changeRoleBody,
  notFound: MEMBER_NOT_FOUND,
  run: async function changeMemberRole({ auth, body, params }, deps) {
    const member = await deps.store.changeMemberRole(deps.db, {
      caller: auth,
      userId: params.userId,
      role: body.role as Role,
    });
    return { status: 200, body: presentMember(member) };
  },
});
