/**
 * `/api/org/api-keys`: create (the secret shown once, in the 201), list (revoked keys included,
 * no secrets), revoke (idempotent; another org's key is 404). People only, admin or owner (the
 * route table says so); with the deployment's switch off, every route is 404.
 */
import { ApiError } from '../shared/api-error';
import { generateApiKey } from '../shared/api-keys/key-format';
import { operation } from '../shared/http/operation';
import type { CallerRef } from '../shared/http/types';
import { refuseInput } from '../shared/store/caller';
import type { OrgApiKeysDeps } from './deps';
import { presentApiKey } from './present-api-key';
import { API_KEY_NOT_FOUND, apiKeyParams, createApiKeyBody, DEFAULT_EXPIRES_IN_DAYS } from './schemas';

/** Switched off, every route is 404, after the caller's own refusal (428, 403) as before. */
async function requireEnabled(deps: OrgApiKeysDeps, caller: CallerRef): Promise<void> {
  if (!deps.enabled) await refuseInput(deps.db, { caller }, new ApiError('not_found', 'no such route'));
}

export const orgApiKeysOperations = {
  createApiKey: operation<OrgApiKeysDeps, CallerRef>()({
    body: createApiKeyBody,
    run: async function createApiKey({ auth, body }, deps) {
      await requireEnabled(deps, auth);
      const { secret, hash, start } = generateApiKey();
      const key = await deps.store.createOrgApiKey(deps.db, {
        caller: auth,
        name: body.name,
        scopes: body.scopes,
        expiresInDays: body.expiresInDays ?? DEFAULT_EXPIRES_IN_DAYS,
        hash,
        start,
        now: deps.now(),
      });
      const { revokedAt: _never, ...apiKey } = presentApiKey(key);
      return { status: 201, body: { apiKey, secret } };
    },
  }),

  listApiKeys: operation<OrgApiKeysDeps, CallerRef>()({
    run: async function listApiKeys({ auth }, deps) {
      await requireEnabled(deps, auth);
      const keys = await deps.store.listOrgApiKeys(deps.db, { caller: auth });
      return { status: 200, body: { items: keys.map(presentApiKey) } };
    },
  }),

  revokeApiKey: operation<OrgApiKeysDeps, CallerRef>()({
    params: apiKeyParams,
    notFound: API_KEY_NOT_FOUND,
    run: async function revokeApiKey({ auth, params }, deps) {
      await requireEnabled(deps, auth);
      const found = await deps.store.revokeOrgApiKey(deps.db, { caller: auth, keyId: params.keyId, now: deps.now() });
      if (!found) throw new ApiError('not_found', API_KEY_NOT_FOUND);
      await deps.afterRevoke(params.keyId);
      return { status: 204 };
    },
  }),
};
