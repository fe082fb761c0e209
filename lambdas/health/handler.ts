/** `GET /health`: no database client at all, so no request can reach the database through it. */
import { createHttpHandler } from '../shared/http/create-http-handler';
import { functionLogger } from '../shared/http/logger';
import { config } from './config';
import { healthOperations } from './get-health';

const logger = functionLogger('health');

export const handler = createHttpHandler({
  functionName: 'health',
  operations: healthOperations,
  deps: {},
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
});
