/** The org function's operations, keyed by the route table's `operation` names. */
import { acceptInvitationOperation } from './accept-invitation';
import { changeMemberRoleOperation } from './change-member-role';
import { createInvitationOperation } from './create-invitation';
import { getTeamOrgOperation } from './get-team-org';
import { listInvitationsOperation } from './list-invitations';
import { listMembersOperation } from './list-members';
import { listOrgEventsOperation } from './list-org-events';
import { removeMemberOperation } from './remove-member';
import { renameOrgOperation } from './rename-org';
import { revokeInvitationOperation } from './revoke-invitation';

export const orgOperations = {
  getTeamOrg: getTeamOrgOperation,
  renameOrg: renameOrgOperation,
  listMembers: listMembersOperation,
  changeMemberRole: changeMemberRoleOperation,
  removeMember: removeMemberOperation,
  createInvitation: createInvitationOperation,
  listInvitations: listInvitationsOperation,
  revokeInvitation: revokeInvitationOperation,
  acceptInvitation: acceptInvitationOperation,
  listOrgEvents: listOrgEventsOperation,
};
