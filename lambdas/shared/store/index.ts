/** The store: one module per aggregate, re-exported for handlers. */
export * from './types';
export { findUserById, syncUser, orgNameFor, type SyncResult } from './users';
export { getOrg, setOrgPlan, renameOrg } from './orgs';
export {
  createSpec,
  getSpec,
  listSpecs,
  updateSpec,
  deleteSpec,
  type SpecPatch,
} from './specs';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page';
export { listMembers, changeMemberRole, removeMember, MEMBER_NOT_FOUND } from './members';
export {
  createInvitation,
  listInvitations,
  revokeInvitation,
  hashInvitationToken,
  INVITATION_TTL_MS,
  INVITATION_NOT_FOUND,
} from './invitations';
export { acceptInvitation, type AcceptResult } from './accept-invitation';
export { listOrgEvents } from './org-events';
export { SEAT_LIMITS, seatLimitOf } from './plans';
export { hasRole } from './roles';
