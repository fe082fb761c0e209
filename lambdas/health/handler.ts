/** `GET /health`. */
import { createDataApiClient } from '../shared/data-api/client';
import { createHttpHandler } from '../shared/http/create-http-handler';
import { functionLogger } from '../shared/http/logger';
import { config } from './config';
import { healthOperations } from './get-health';

const logger = functionLogger('health');
const db = createDataApiClient(config.dataApi);

export const handler = createHttpHandler({
  functionName: 'health',
  operations: healthOperations,
  deps: { db },
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
});
