/** What the org operations need: an executor, the team store, and a clock (injected for expiry tests). */
import type { DataExecutor } from '../shared/data-api/types';
import type { acceptInvitation } from '../shared/store/accept-invitation';
import type { createInvitation, listInvitations, revokeInvitation } from '../shared/store/invitations';
import type { changeMemberRole, listMembers, removeMember } from '../shared/store/members';
import type { listOrgEvents } from '../shared/store/org-events';
import type { getOrg, renameOrg } from '../shared/store/orgs';

export interface OrgDeps {
  db: DataExecutor;
  store: {
    getOrg: typeof getOrg;
    renameOrg: typeof renameOrg;
    listMembers: typeof listMembers;
    changeMemberRole: typeof changeMemberRole;
    removeMember: typeof removeMember;
    createInvitation: typeof createInvitation;
    listInvitations: typeof listInvitations;
    revokeInvitation: typeof revokeInvitation;
    acceptInvitation: typeof acceptInvitation;
    listOrgEvents: typeof listOrgEvents;
  };
  now: () => Date;
}
