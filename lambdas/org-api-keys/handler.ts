/** `/api/org/api-keys` and `/api/org/api-keys/{keyId}`. */
import { createDataApiClient } from '../shared/data-api/client';
import { callerFinder } from '../shared/http/auth-context';
import { createHttpHandler } from '../shared/http/create-http-handler';
import { functionLogger } from '../shared/http/logger';
import { createOrgApiKey, listOrgApiKeys, revokeOrgApiKey } from '../shared/store/org-api-keys';
import { findUserById } from '../shared/store/users';
import { config } from './config';
import { orgApiKeysOperations } from './operations';

const logger = functionLogger('org-api-keys');
const db = createDataApiClient(config.dataApi);

export const handler = createHttpHandler({
  functionName: 'org-api-keys',
  operations: orgApiKeysOperations,
  deps: {
    db,
    store: { createOrgApiKey, listOrgApiKeys, revokeOrgApiKey },
    enabled: config.orgApiKeys,
    now: () => new Date(),
    afterRevoke: async () => {},
  },
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
  auth: { clockSkewSeconds: config.clockSkewSeconds, findCaller: callerFinder(db, findUserById) },
});
