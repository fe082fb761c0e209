/** `/api/org/**` (the caller's team) and `POST /api/invitations/accept`. */
import { createDataApiClient } from '../shared/data-api/client';
import { callerFinder } from '../shared/http/auth-context';
import { createHttpHandler } from '../shared/http/create-http-handler';
import { functionLogger } from '../shared/http/logger';
import { acceptInvitation } from '../shared/store/accept-invitation';
import { createInvitation, listInvitations, revokeInvitation } from '../shared/store/invitations';
import { changeMemberRole, listMembers, removeMember } from '../shared/store/members';
import { listOrgEvents } from '../shared/store/org-events';
import { getOrg, renameOrg } from '../shared/store/orgs';
import { findUserById } from '../shared/store/users';
import { config } from './config';
import { orgOperations } from './operations';

const logger = functionLogger('org');
const db = createDataApiClient(config.dataApi);

export const handler = createHttpHandler({
  functionName: 'org',
  operations: orgOperations,
  deps: {
    db,
    store: {
      getOrg,
      renameOrg,
      listMembers,
      changeMemberRole,
      removeMember,
      createInvitation,
      listInvitations,
      revokeInvitation,
      acceptInvitation,
      listOrgEvents,
    },
    now: () => new Date(),
  },
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
  auth: { clockSkewSeconds: config.clockSkewSeconds, findCaller: callerFinder(db, findUserById) },
});
