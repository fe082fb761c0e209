/**
 * The authorizer's configuration, read once at cold start through `lambdas/shared/env` and
 * validated: a bad value stops the function from starting instead of becoming a wrong decision.
 */
import { boolEnv, ConfigError, intEnv, readEnv, requireEnv } from '../shared/env';
import { isAllowedJwksUrl, isLoopbackHost } from './loopback-host';

export interface AuthorizerConfig {
  /** Expected `iss`, compared as an exact string. */
  issuer: string;
  /** Expected `aud` (the token's `aud` may be a string or an array containing it). */
  audience: string;
  /** Where the signing keys are published. */
  jwksUrl: string;
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. */
  clockSkewSeconds: number;
  /** Largest accepted `exp - iat`, in seconds. */
  maxTokenLifetimeSeconds: number;
  /** Accept Supabase anonymous sign-in users (`is_anonymous: true`). */
  allowAnonymous: boolean;
  /** Org API keys (`ORG_API_KEYS`): off (a key is then refused like any malformed token), or where to look keys up. */
  orgApiKeys: ApiKeyLookupConfig | false;
}

/**
 * Where the key path reads `org_api_keys`, as the read-only `intello_authorizer` role: the
 * `DATA_API_*` variables of the business functions (`DATA_API_ENDPOINT` for the local emulator).
 */
export interface ApiKeyLookupConfig {
  region: string;
  resourceArn: string;
  secretArn: string;
  database: string;
  endpoint: string | undefined;
}

type Env = Record<string, string | undefined>;

/** `value` as a parsed http(s) URL, or a {@link ConfigError} naming the variable. */
function httpUrl(name: string, value: string): URL {
  const url = URL.parse(value);
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:')
    throw new ConfigError(`Environment variable ${name} must be an http(s) URL, got "${value}"`);
  return url;
}

const withoutTrailingSlash = (value: string): string => value.replace(/\/+$/, '');

/**
 * Reads and validates the authorizer's environment (the defaults are those of the product
 * documentation). Throws {@link ConfigError} naming the variable on a bad value.
 *
 * @example
 * const config = loadAuthorizerConfig({ SUPABASE_URL: 'https://abc.supabase.co' });
 * config.issuer; // 'https://abc.supabase.co/auth/v1'
 * config.jwksUrl; // 'https://abc.supabase.co/auth/v1/.well-known/jwks.json'
 */
export function loadAuthorizerConfig(env?: Env): AuthorizerConfig {
  const supabaseUrl = withoutTrailingSlash(httpUrl('SUPABASE_URL', requireEnv('SUPABASE_URL', env)).href);
  // The issuer is compared verbatim with `iss`, so it is taken as written, not normalised.
  const issuer = readEnv('AUTH_JWT_ISSUER', env) ?? `${supabaseUrl}/auth/v1`;
  httpUrl('AUTH_JWT_ISSUER', issuer);
  const jwksUrl = readEnv('AUTH_JWKS_URL', env) ?? `${withoutTrailingSlash(issuer)}/.well-known/jwks.json`;
  if (!isAllowedJwksUrl(httpUrl('AUTH_JWKS_URL', jwksUrl))) {
    throw new ConfigError(
      `Environment variable AUTH_JWKS_URL must use https: (http: only for loopback hosts), got "${jwksUrl}"`,
    );
  }
  return {
    issuer,
    audience: readEnv('AUTH_JWT_AUDIENCE', env) ?? 'authenticated',
    jwksUrl,
    clockSkewSeconds: intEnv('AUTH_CLOCK_SKEW_SECONDS', 30, { min: 0, max: 300 }, env),
    maxTokenLifetimeSeconds: intEnv('AUTH_MAX_TOKEN_LIFETIME_SECONDS', 604800, { min: 60, max: 2592000 }, env),
    allowAnonymous: boolEnv('AUTH_ALLOW_ANONYMOUS', false, env),
    orgApiKeys: loadApiKeyLookupConfig(env),
  };
}

function loadApiKeyLookupConfig(env?: Env): ApiKeyLookupConfig | false {
  if (!boolEnv('ORG_API_KEYS', false, env)) return false;
  const endpoint = readEnv('DATA_API_ENDPOINT', env);
  if (endpoint !== undefined && !isLoopbackHost(httpUrl('DATA_API_ENDPOINT', endpoint).hostname))
    throw new ConfigError('Environment variable DATA_API_ENDPOINT is for the local emulator only (a loopback URL)');
  return {
    region: requireEnv('AWS_REGION', env),
    resourceArn: requireEnv('DATA_API_RESOURCE_ARN', env),
    secretArn: requireEnv('DATA_API_SECRET_ARN', env),
    database: requireEnv('DATA_API_DATABASE', env),
    endpoint,
  };
}
