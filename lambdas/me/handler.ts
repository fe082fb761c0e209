/** `GET /api/me`. */
import { createDataApiClient } from '../shared/data-api/client';
import { keyCallerFinder } from '../shared/http/api-key-caller';
import { callerFinder } from '../shared/http/auth-context';
import { createHttpHandler } from '../shared/http/create-http-handler';
import { functionLogger } from '../shared/http/logger';
import { getOrg } from '../shared/store/orgs';
import { touchApiKey } from '../shared/store/org-api-keys';
import { findUserById } from '../shared/store/users';
import { config } from './config';
import { meOperations } from './get-me';

const logger = functionLogger('me');
const db = createDataApiClient(config.dataApi);

export const handler = createHttpHandler({
  functionName: 'me',
  operations: meOperations,
  deps: { db, store: { getOrg } },
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
  auth: {
    clockSkewSeconds: config.clockSkewSeconds,
    findCaller: callerFinder(db, findUserById),
    findKeyCaller: keyCallerFinder(db, touchApiKey),
  },
});
