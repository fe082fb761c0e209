/** `GET /api/org/invitations` (admin): the pending, unexpired invitations, newest first; never a token. */
import { operation } from '../shared/http/operation';
import { presentInvitation } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import type { OrgDeps } from './deps';

export const listInvitationsOperation = operation<OrgDeps, CallerRef>()({
  run: async function listInvitations({ auth }, deps) {
    const items = await deps.store.listInvitations(deps.db, { caller: auth, now: deps.now() });
    return { status: 200, body: { items: items.map(presentInvitation) } };
  },
});
