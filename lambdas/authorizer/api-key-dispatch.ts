/**
 * Which path a token takes: `Bearer intello_sk_…` is an org API key, anything else is treated as
 * a JWT exactly as before keys existed. The key path (the Data API SDK and the key checks) is a
 * separate chunk imported on the first key only, so the JWT path's bundle and cold start do not
 * pay for it. What the chunk needs from the main bundle (policy, logger) is passed in, never
 * imported, so esbuild has no module to split out of the main bundle into a shared chunk.
 */
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { Authorize } from './authorize';
import type { ApiKeyLookupConfig } from './config';
import type { JsonLogger } from './logger';
import { apiWildcardArn, authorizerResult } from './policy';

const API_KEY_BEARER = 'Bearer intello_sk_';

/** True when the identity header carries an org API key rather than a JWT. */
export function isApiKeyHeader(authorization: unknown): boolean {
  return typeof authorization === 'string' && authorization.startsWith(API_KEY_BEARER);
}

/**
 * The key path's decision function, loaded on its first call.
 *
 * @example
 * const authorizeApiKey = lazyApiKeyAuthorizer(config.orgApiKeys, logger);
 * if (isApiKeyHeader(event.authorizationToken)) return authorizeApiKey(event);
 */
export function lazyApiKeyAuthorizer(lookup: ApiKeyLookupConfig, logger: JsonLogger): Authorize {
  let loaded: Promise<Authorize> | undefined;
  const load = async (): Promise<Authorize> => {
    const { createApiKeyAuthorizer } = await import('./api-key-path');
    return createApiKeyAuthorizer({ lookup, logger, policy: { apiWildcardArn, authorizerResult } });
  };
  return async function authorizeApiKey(event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
    loaded ??= load();
    // A failed import is not cached: the next key tries again.
    loaded.catch(() => {
      loaded = undefined;
    });
    return (await loaded)(event);
  };
}
