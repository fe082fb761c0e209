/** `/internal/users/{userId}` (internal API, platform key). */
import { createDataApiClient } from '../shared/data-api/client';
import { createHttpHandler } from '../shared/http/create-http-handler';
import { functionLogger } from '../shared/http/logger';
import { platformKeyFromConfig } from '../shared/http/platform-key';
import { findUserById } from '../shared/store/users';
import { config } from './config';
import { getUserOperation } from './get-user';

const logger = functionLogger('internal-users');
const db = createDataApiClient(config.dataApi);

export const handler = createHttpHandler({
  functionName: 'internal-users',
  operations: { getUser: getUserOperation },
  deps: { db, store: { findUserById } },
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
  platformKey: platformKeyFromConfig(config.platformKey, { region: config.dataApi.region }, logger),
});
