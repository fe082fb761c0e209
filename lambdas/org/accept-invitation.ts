/**
 * `POST /api/invitations/accept` `{token}`: any verified token, synced or not. The token's
 * verified `email` claim (from the authorizer, never the body) must be the invitation's.
 * Answers like `POST /auth/sync`: 200 `{user, org}`.
 */
import { operation } from '../shared/http/operation';
import { presentOrg, presentUser } from '../shared/http/present';
import type { TokenCaller } from '../shared/http/types';
import type { OrgDeps } from './deps';
import { acceptInvitationBody } from './schemas';

export const acceptInvitationOperation = operation<OrgDeps, TokenCaller>()({
  body: acceptInvitationBody,
  run: async function acceptInvitation({ auth, body }, deps) {
    const { user, org } = await deps.store.acceptInvitation(deps.db, {
      token: body.token,
      userId: auth.userId,
      email: auth.email === '' ? null : auth.email,
      now: deps.now(),
    });
    return { status: 200, body: { user: presentUser(user), org: presentOrg(org) } };
  },
});
