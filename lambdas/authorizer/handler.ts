/**
 * API Gateway REST TOKEN authorizer for Supabase ES256 access tokens. Module scope holds the
 * configuration, the logger and the key cache, and fetches the JWKS during cold start (top-level
 * await) so the first request does not pay for it. No Middy: a TOKEN authorizer has no HTTP
 * event to normalise or response to shape, and its 3 KB would not fit the 20 KB bundle budget.
 */
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { isApiKeyHeader, lazyApiKeyAuthorizer } from './api-key-dispatch';
import { createAuthorizer } from './authorize';
import { loadAuthorizerConfig } from './config';
import { createJwksFetcher } from './jwks-fetcher';
import { createJsonLogger } from './logger';
import { SigningKeys } from './signing-keys';
import { createTokenVerifier } from './verify-token';

const config = loadAuthorizerConfig();
const logger = createJsonLogger('authorizer');
const keys = new SigningKeys({
  jwksUrl: config.jwksUrl,
  fetcher: createJwksFetcher(),
  onFetchError: (error) =>
    logger.error({ event: 'jwks_fetch_failed', message: error instanceof Error ? error.message : String(error) }),
});
// A failure here is logged and retried on the first request that needs a key, not fatal to init.
await keys.refresh();
const authorize = createAuthorizer({ verifyToken: createTokenVerifier({ config, keys }), logger });
// Keys switched off: a key goes down the JWT path and is refused there like any malformed token.
const authorizeApiKey = config.orgApiKeys === false ? undefined : lazyApiKeyAuthorizer(config.orgApiKeys, logger);

/**
 * The Lambda entry point.
 *
 * @example
 * await handler({ type: 'TOKEN', authorizationToken: 'Bearer eyJ...', methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/specs' });
 */
export async function handler(event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  if (authorizeApiKey !== undefined && isApiKeyHeader(event.authorizationToken)) return authorizeApiKey(event);
  return authorize(event);
}
