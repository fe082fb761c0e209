/** `/internal/orgs/{orgId}` and `/internal/orgs/{orgId}/plan` (internal API, platform key). */
import { createDataApiClient } from '../shared/data-api/client';
import { createHttpHandler } from '../shared/http/create-http-handler';
import { functionLogger } from '../shared/http/logger';
import { platformKeyFromConfig } from '../shared/http/platform-key';
import { getOrg, setOrgPlan } from '../shared/store/orgs';
import { config } from './config';
import { getOrgOperation } from './get-org';
import { setOrgPlanOperation } from './set-org-plan';

const logger = functionLogger('internal-orgs');
const db = createDataApiClient(config.dataApi);

export const handler = createHttpHandler({
  functionName: 'internal-orgs',
  operations: { getOrg: getOrgOperation, setOrgPlan: setOrgPlanOperation },
  deps: { db, store: { getOrg, setOrgPlan } },
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
  platformKey: platformKeyFromConfig(config.platformKey, { region: config.dataApi.region }, logger),
});
