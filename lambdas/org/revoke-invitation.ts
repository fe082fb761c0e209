/** `DELETE /api/org/invitations/{invitationId}` (admin): 204; its token stops working. Another org's is 404. */
import { operation } from '../shared/http/operation';
import type { CallerRef } from '../shared/http/types';
import { INVITATION_NOT_FOUND } from '../shared/store/invitations';
import type { OrgDeps } from './deps';
import { invitationParams } from './schemas';

export const revokeInvitationOperation = operation<OrgDeps, CallerRef>()({
  params: invitationParams,
  notFound: INVITATION_NOT_FOUND,
  run: async function revokeInvitation({ auth, params }, deps) {
    await deps.store.revokeInvitation(deps.db, { caller: auth, invitationId: params.invitationId, now: deps.now() });
    return { status: 204 };
  },
});
