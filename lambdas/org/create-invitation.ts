/**
 * `POST /api/org/invitations` `{email, role}` (admin): 201 with the invitation and its token,
 * which is shown this once and never stored. 402 `seat_limit_reached` when no seat is free,
 * 409 `already_member` for a member's email; a pending invitation for the email is replaced.
 */
import { ApiError } from '../shared/api-error';
import { operation } from '../shared/http/operation';
import { refuseInput } from '../shared/store/caller';
import { presentInvitation } from '../shared/http/present';
import type { CallerRef } from '../shared/http/types';
import type { InvitableRole } from '../shared/store/types';
import type { OrgDeps } from './deps';
import { createInvitationBody } from './schemas';

/** One `@`, something on each side, no whitespace: the mail flow, not this check, proves the address. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export const createInvitationOperation = operation<OrgDeps, CallerRef>()({
  body: createInvitationBody,
  run: async function createInvitation({ auth, body }, deps) {
    if (!EMAIL.test(body.email)) {
      const notEmail = new ApiError('validation_failed', 'invalid request: email is not an email address', {
        details: [{ field: 'body.email', message: 'must be an email address' }],
      });
      return refuseInput(deps.db, { caller: auth }, notEmail);
    }
    const { invitation, token } = await deps.store.createInvitation(deps.db, {
      caller: auth,
      email: body.email,
      role: body.role as InvitableRole,
      now: deps.now(),
    });
    return { status: 201, body: { invitation: presentInvitation(invitation), token } };
  },
});
