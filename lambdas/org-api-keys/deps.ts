/** What the org API key operations need. */
import type { DataExecutor } from '../shared/data-api/types';
import type { createOrgApiKey, listOrgApiKeys, revokeOrgApiKey } from '../shared/store/org-api-keys';

export interface OrgApiKeysDeps {
  db: DataExecutor;
  store: {
    createOrgApiKey: typeof createOrgApiKey;
    listOrgApiKeys: typeof listOrgApiKeys;
    revokeOrgApiKey: typeof revokeOrgApiKey;
  };
  /** The deployment's `orgApiKeys` switch: off, every route answers 404. */
  enabled: boolean;
  now: () => Date;
  /**
   * Called after a revocation: flushes API Gateway's authorizer caches so services that reuse the
   * authorizer (and do not re-check keys) stop the key too. Best effort: never throws.
   */
  afterRevoke: (keyId: string) => Promise<void>;
}
