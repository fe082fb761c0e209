/**
 * The input of the org routes. Strict, as everywhere: an unknown field (`orgId` included) is a
 * `validation_failed`. The org is always the caller's, from their users row.
 */
import { MAX_PAGE_SIZE } from '../shared/store/page';
import { INVITABLE_ROLES, ROLES } from '../shared/store/types';

export const renameOrgBody = { name: { type: 'string', minLength: 1, maxLength: 200, trimmed: true } } as const;

export const pageQuery = {
  limit: { type: 'integer', optional: true, min: 1, max: MAX_PAGE_SIZE, fromString: true },
  cursor: { type: 'string', optional: true, minLength: 1, maxLength: 200 },
} as const;

export const memberParams = { userId: { type: 'string', format: 'uuid' } } as const;
export const changeRoleBody = { role: { type: 'string', enum: ROLES } } as const;

export const invitationParams = { invitationId: { type: 'string', format: 'uuid' } } as const;
export const createInvitationBody = {
  email: { type: 'string', minLength: 3, maxLength: 320, trimmed: true },
  role: { type: 'string', enum: INVITABLE_ROLES },
} as const;

/** The token as the 201 returned it; anything else simply matches no invitation. */
export const acceptInvitationBody = { token: { type: 'string', minLength: 1, maxLength: 200 } } as const;
