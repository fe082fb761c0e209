/** `/api/org/api-keys` and `/api/org/api-keys/{keyId}`. */
import { flushAuthorizerCaches, liveFlushDeps } from '../shared/aws/authorizer-cache-flush';
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
const flushConfig = config.authorizerCacheFlush;
const flushDeps = liveFlushDeps(logger);

export const handler = createHttpHandler({
  functionName: 'org-api-keys',
  operations: orgApiKeysOperations,
  deps: {
    db,
    store: { createOrgApiKey, listOrgApiKeys, revokeOrgApiKey },
    enabled: config.orgApiKeys,
    now: () => new Date(),
    // The 204 stands whatever the flush meets: it logs its own failures and never throws.
    afterRevoke: async (keyId) => {
      if (flushConfig === undefined) return;
      logger.appendKeys({ revoked_api_key_id: keyId });
      await flushAuthorizerCaches(flushConfig, flushDeps);
    },
  },
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
  auth: { clockSkewSeconds: config.clockSkewSeconds, findCaller: callerFinder(db, findUserById) },
});
