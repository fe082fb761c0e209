/**
 * The configuration the business functions share, read once at cold start through `env.ts` and
 * validated. Each function's `config.ts` picks the parts it needs.
 */
import type { DataApiConfig } from '../data-api/client';
import { ConfigError, intEnv, listEnv, readEnv, requireEnv } from '../env';
import { parseAllowedOrigins } from './cors';

type Env = Record<string, string | undefined>;

/** Settings of the HTTP layer itself. */
export interface HttpConfig {
  /** `CORS_ALLOWED_ORIGINS`: comma-separated origins; empty means no cross-origin browser access. */
  corsAllowedOrigins: string[];
  /** `AUTH_CLOCK_SKEW_SECONDS` (default 30, as the authorizer): leeway on the re-checked `exp`. */
  clockSkewSeconds: number;
}

export function loadHttpConfig(env: Env = process.env): HttpConfig {
  return {
    corsAllowedOrigins: parseAllowedOrigins(listEnv('CORS_ALLOWED_ORIGINS', env)),
    clockSkewSeconds: intEnv('AUTH_CLOCK_SKEW_SECONDS', 30, { min: 0, max: 300 }, env),
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * How long a request function keeps retrying a resuming database. API Gateway waits at most 29 s
 * for an integration and the functions time out at 28 s (lib/stacks/api-stack.ts), so 25 s leaves
 * room for the last attempt and the early 503; a typical Aurora resume takes ~15 s. The migration
 * function keeps the client's 45 s default.
 */
export const REQUEST_RETRY_BUDGET_MS = 25_000;

/**
 * The Data API client's settings: `DATA_API_RESOURCE_ARN`, `DATA_API_SECRET_ARN`,
 * `DATA_API_DATABASE`, `AWS_REGION` (set by Lambda), and `DATA_API_ENDPOINT` only for the local
 * emulator (a loopback URL; the emulator ignores signatures, so static local credentials are used).
 */
export function loadDataApiConfig(env: Env = process.env): DataApiConfig {
  const config: DataApiConfig = {
    region: requireEnv('AWS_REGION', env),
    resourceArn: requireEnv('DATA_API_RESOURCE_ARN', env),
    secretArn: requireEnv('DATA_API_SECRET_ARN', env),
    database: requireEnv('DATA_API_DATABASE', env),
    retry: { budgetMs: REQUEST_RETRY_BUDGET_MS },
  };
  const endpoint = readEnv('DATA_API_ENDPOINT', env);
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new ConfigError(`Environment variable DATA_API_ENDPOINT must be a URL, got "${endpoint}"`);
    }
    if (!LOOPBACK.has(url.hostname))
      throw new ConfigError(
        'Environment variable DATA_API_ENDPOINT is for the local emulator only and must be a loopback URL',
      );
    config.endpoint = endpoint;
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return config;
}

/** Where the platform key comes from. */
export type PlatformKeyConfig =
  | { kind: 'static'; key: string }
  | { kind: 'secret'; secretArn: string; previousVersionGraceMinutes: number };

/** The longest grace `PLATFORM_API_KEY_PREVIOUS_VERSION_GRACE_MINUTES` takes: one week. */
export const MAX_PREVIOUS_VERSION_GRACE_MINUTES = 10_080;

/**
 * `PLATFORM_API_KEY_SECRET_ARN` (in AWS) or `PLATFORM_API_KEY` (locally): exactly one. With the
 * secret, `PLATFORM_API_KEY_PREVIOUS_VERSION_GRACE_MINUTES` (default 60, 0 accepts the current
 * version only) bounds how long after a rotation the previous version is still accepted.
 */
export function loadPlatformKeyConfig(env: Env = process.env): PlatformKeyConfig {
  const secretArn = readEnv('PLATFORM_API_KEY_SECRET_ARN', env);
  const key = readEnv('PLATFORM_API_KEY', env);
  if (secretArn !== undefined && key !== undefined) {
    throw new ConfigError('Set only one of PLATFORM_API_KEY_SECRET_ARN and PLATFORM_API_KEY');
  }
  if (secretArn !== undefined) {
    if (!secretArn.startsWith('arn:'))
      throw new ConfigError('Environment variable PLATFORM_API_KEY_SECRET_ARN must be an ARN');
    const previousVersionGraceMinutes = intEnv(
      'PLATFORM_API_KEY_PREVIOUS_VERSION_GRACE_MINUTES',
      60,
      { min: 0, max: MAX_PREVIOUS_VERSION_GRACE_MINUTES },
      env,
    );
    return { kind: 'secret', secretArn, previousVersionGraceMinutes };
  }
  if (key === undefined)
    throw new ConfigError('Environment variable PLATFORM_API_KEY_SECRET_ARN or PLATFORM_API_KEY is required');
  return { kind: 'static', key };
}
