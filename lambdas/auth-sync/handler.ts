/** `POST /auth/sync`. */
import { createDataApiClient } from '../shared/data-api/client';
import { createHttpHandler } from '../shared/http/create-http-handler';
import { functionLogger } from '../shared/http/logger';
import { syncUser } from '../shared/store/users';
import { config } from './config';
import { authSyncOperations } from './sync-caller';

const logger = functionLogger('auth-sync');
const db = createDataApiClient(config.dataApi);

export const handler = createHttpHandler({
  functionName: 'auth-sync',
  operations: authSyncOperations,
  deps: { db, store: { syncUser } },
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
  auth: { clockSkewSeconds: config.clockSkewSeconds },
});
