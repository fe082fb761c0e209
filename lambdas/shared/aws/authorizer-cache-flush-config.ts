/**
 * The cache flush's settings, read once at cold start: the consumer registry's SSM path (set by
 * the CDK app when `orgApiKeys` is on), the region, and for the local stack only, loopback
 * endpoints standing in for SSM and API Gateway (`SSM_ENDPOINT`, `API_GATEWAY_ENDPOINT`, as
 * `DATA_API_ENDPOINT` stands in for the Data API).
 */
import { ConfigError, readEnv, requireEnv } from '../env';
import type { AuthorizerCacheFlushConfig } from './authorizer-cache-flush';

type Env = Record<string, string | undefined>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function endpointUrl(name: string, fallback: string, env: Env): string {
  const raw = readEnv(name, env);
  if (raw === undefined) return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`Environment variable ${name} must be a URL, got "${raw}"`);
  }
  if (!LOOPBACK.has(url.hostname))
    throw new ConfigError(`Environment variable ${name} is for the local stack only and must be a loopback URL`);
  return url.origin;
}

/**
 * `AUTHORIZER_CONSUMERS_PATH` (required), `AWS_REGION` (set by Lambda), and the two local
 * endpoint overrides.
 *
 * @example
 * const flush = loadAuthorizerCacheFlushConfig(); // { consumersPath: '/intello/prod/authorizer/consumers', … }
 */
export function loadAuthorizerCacheFlushConfig(env: Env = process.env): AuthorizerCacheFlushConfig {
  const region = requireEnv('AWS_REGION', env);
  const consumersPath = requireEnv('AUTHORIZER_CONSUMERS_PATH', env);
  if (!/^\/[A-Za-z0-9_.\-/]+[^/]$/.test(consumersPath))
    throw new ConfigError(
      `Environment variable AUTHORIZER_CONSUMERS_PATH must be an SSM path without a trailing slash, got "${consumersPath}"`,
    );
  return {
    consumersPath,
    ssm: { service: 'ssm', region, url: endpointUrl('SSM_ENDPOINT', `https://ssm.${region}.amazonaws.com`, env) },
    apiGateway: {
      service: 'apigateway',
      region,
      url: endpointUrl('API_GATEWAY_ENDPOINT', `https://apigateway.${region}.amazonaws.com`, env),
    },
  };
}
