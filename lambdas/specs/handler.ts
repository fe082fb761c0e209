/** `/api/specs` and `/api/specs/{specId}`. */
import { createDataApiClient } from '../shared/data-api/client';
import { keyCallerFinder } from '../shared/http/api-key-caller';
import { callerFinder } from '../shared/http/auth-context';
import { createHttpHandler } from '../shared/http/create-http-handler';
import { functionLogger } from '../shared/http/logger';
import { createSpec, deleteSpec, getSpec, listSpecs, updateSpec } from '../shared/store/specs';
import { touchApiKey } from '../shared/store/org-api-keys';
import { findUserById } from '../shared/store/users';
import { config } from './config';
import { specsOperations } from './operations';

const logger = functionLogger('specs');
const db = createDataApiClient(config.dataApi);

export const handler = createHttpHandler({
  functionName: 'specs',
  operations: specsOperations,
  deps: { db, store: { createSpec, getSpec, listSpecs, updateSpec, deleteSpec } },
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
  auth: {
    clockSkewSeconds: config.clockSkewSeconds,
    findCaller: callerFinder(db, findUserById),
    findKeyCaller: keyCallerFinder(db, touchApiKey),
  },
});
