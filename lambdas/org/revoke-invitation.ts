/** `DELETE /api/org/invitations/{invitationId}` (admin): 204; its token stops working. Another org's is 404. */
import { operation } from '../shared/http/operation';
import type { CallerRef } from '../shared/http/types';
import { resolvePerson } from '../shared/store/caller';
import { INVITATION_NOT_FOUND } from '../shared/store/invitations';
import type { OrgDeps } from './deps';
import { invitationParams } from './schemas';

export const revokeInvitationOperation = operation<OrgDeps, CallerRef>()({
  params: invitationParams,
  notFound: INVITATION_NOT_FOUND,
  run: async function revokeInvitation({ auth: ref, params }, deps) {
    const auth = await resolvePerson(deps.db, ref);
    await deps.store.revokeInvitation(deps.db, {
      orgId: auth.orgId,
      actorId: auth.userId,
      invitationId: params.invitationId,
      now: deps.now(),
    });
    return { status: 204 };
  },
});
