/** The org-api-keys function's configuration, read once at cold start. */
import { loadAuthorizerCacheFlushConfig } from '../shared/aws/authorizer-cache-flush-config';
import { boolEnv } from '../shared/env';
import { loadDataApiConfig, loadHttpConfig } from '../shared/http/config';

const orgApiKeys = boolEnv('ORG_API_KEYS', false);

export const config = {
  ...loadHttpConfig(),
  dataApi: loadDataApiConfig(),
  /** `ORG_API_KEYS` (default false, set from the CDK context `orgApiKeys`): off, every route answers 404. */
  orgApiKeys,
  /** With keys on, where revocations flush API Gateway's authorizer caches (nothing to flush with keys off). */
  authorizerCacheFlush: orgApiKeys ? loadAuthorizerCacheFlushConfig() : undefined,
};
