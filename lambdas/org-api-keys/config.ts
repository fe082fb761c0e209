/** The org-api-keys function's configuration, read once at cold start. */
import { boolEnv } from '../shared/env';
import { loadDataApiConfig, loadHttpConfig } from '../shared/http/config';

export const config = {
  ...loadHttpConfig(),
  dataApi: loadDataApiConfig(),
  /** `ORG_API_KEYS` (default false, set from the CDK context `orgApiKeys`): off, every route answers 404. */
  orgApiKeys: boolEnv('ORG_API_KEYS', false),
};
