/** `GET /health`. */
import { Logger } from '@aws-lambda-powertools/logger';
import { createDataApiClient } from '../shared/data-api/client';
import { createHttpHandler } from '../shared/http/create-http-handler';
import { config } from './config';
import { healthOperations } from './get-health';

const logger = new Logger({ serviceName: 'health' });
const db = createDataApiClient(config.dataApi);

export const handler = createHttpHandler({
  functionName: 'health',
  operations: healthOperations,
  deps: { db },
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
});
