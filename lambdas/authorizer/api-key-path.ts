/**
 * The org API key path of the authorizer (a lazily imported chunk, see `api-key-dispatch.ts`):
 * shape and checksum without the database, then one read of `org_api_keys` by the key's SHA-256
 * as the read-only `intello_authorizer` role.
 * - active → Allow, principalId `apikey:<keyId>`, context `{principalType: 'api_key', keyId, orgId, scopes}`
 *   (scopes space-separated: API Gateway context values are flat);
 * - malformed, unknown, revoked or expired → Deny `unauthorized`, the message saying which;
 * - the database unreachable → thrown, so API Gateway answers 5xx and caches nothing.
 * The request functions re-read the key row on every request, so a cached Allow outliving a
 * revocation stops there; revocation also flushes API Gateway's caches.
 */
import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { parseApiKey } from '../shared/api-keys/key-format';
import { createDataApiClient } from '../shared/data-api/client';
import type { DataExecutor } from '../shared/data-api/types';
import { findApiKeyByHash } from '../shared/store/org-api-keys';
import type { ANONYMOUS_PRINCIPAL, Authorize } from './authorize';
import type { ApiKeyLookupConfig } from './config';
import type { JsonLogger } from './logger';
import type { apiWildcardArn, authorizerResult } from './policy';

/** How long the key path retries a resuming database before answering 5xx (API Gateway gives an authorizer ~10 s). */
export const API_KEY_LOOKUP_RETRY_BUDGET_MS = 5_000;

const ANONYMOUS: typeof ANONYMOUS_PRINCIPAL = 'anonymous';

export interface ApiKeyAuthorizerDeps {
  lookup: ApiKeyLookupConfig;
  logger: JsonLogger;
  /** Passed in by the main bundle, so this chunk does not import (and esbuild does not split) them. */
  policy: { apiWildcardArn: typeof apiWildcardArn; authorizerResult: typeof authorizerResult };
  /** Tests only: another executor (the lookup config is then unused). */
  db?: DataExecutor;
  /** Milliseconds since the epoch. */
  now?: () => number;
}

/** A Data API client as the authorizer role, from the authorizer's configuration. */
function lookupClient(lookup: ApiKeyLookupConfig): DataExecutor {
  return createDataApiClient({
    region: lookup.region,
    resourceArn: lookup.resourceArn,
    secretArn: lookup.secretArn,
    database: lookup.database,
    retry: { budgetMs: API_KEY_LOOKUP_RETRY_BUDGET_MS },
    ...(lookup.endpoint === undefined
      ? {}
      : { endpoint: lookup.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
}

type Verdict = { ok: true; keyId: string; orgId: string; scopes: string[] } | { ok: false; message: string };

async function verifyApiKey(db: DataExecutor, token: string, nowMs: number): Promise<Verdict> {
  const parsed = parseApiKey(token);
  if (!parsed.ok) return parsed;
  const row = await findApiKeyByHash(db, { hash: parsed.hash });
  if (row === null) return { ok: false, message: 'API key not found' };
  if (row.revokedAt !== null) return { ok: false, message: 'API key has been revoked' };
  if (Date.parse(row.expiresAt) <= nowMs) return { ok: false, message: 'API key has expired' };
  return { ok: true, keyId: row.id, orgId: row.orgId, scopes: row.scopes };
}

/**
 * The key path's decision function.
 *
 * @example
 * const authorize = createApiKeyAuthorizer({ lookup, logger, policy: { apiWildcardArn, authorizerResult } });
 * await authorize({ type: 'TOKEN', authorizationToken: 'Bearer intello_sk_…', methodArn });
 */
export function createApiKeyAuthorizer({
  lookup,
  logger,
  policy,
  db = lookupClient(lookup),
  now = Date.now,
}: ApiKeyAuthorizerDeps): Authorize {
  return async function authorizeApiKey(event: APIGatewayTokenAuthorizerEvent) {
    const started = performance.now();
    const latencyMs = (): number => Math.round((performance.now() - started) * 100) / 100;
    try {
      const resource = policy.apiWildcardArn(event.methodArn);
      const verdict = await verifyApiKey(db, event.authorizationToken.slice('Bearer '.length), now());
      if (!verdict.ok) {
        logger.info({
          decision: 'deny',
          path: 'api_key',
          code: 'unauthorized',
          message: verdict.message,
          latencyMs: latencyMs(),
        });
        return policy.authorizerResult('Deny', ANONYMOUS, resource, { code: 'unauthorized', message: verdict.message });
      }
      const { keyId, orgId, scopes } = verdict;
      logger.info({ decision: 'allow', path: 'api_key', keyId, orgId, latencyMs: latencyMs() });
      return policy.authorizerResult('Allow', `apikey:${keyId}`, resource, {
        principalType: 'api_key',
        keyId,
        orgId,
        scopes: scopes.join(' '),
      });
    } catch (error) {
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      logger.error({
        decision: 'error',
        path: 'api_key',
        error: name,
        message: message.slice(0, 300),
        latencyMs: latencyMs(),
      });
      // Never the message 'Unauthorized' (a cached-less 401 without context): this is a 5xx.
      throw new Error(`authorizer could not verify the API key: ${name}`, { cause: error });
    }
  };
}
