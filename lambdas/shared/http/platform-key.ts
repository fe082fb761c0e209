/**
 * The platform key of the internal API. API Gateway checks `x-api-key` already, but AWS warns
 * that API keys are not an authorization mechanism, so the function checks it again: in constant
 * time, whatever the lengths, against a key read once per container.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../api-error';
import { ConfigError } from '../env';

/** API Gateway accepts key values of 20–128 characters; anything shorter is a configuration mistake. */
export const MIN_PLATFORM_KEY_LENGTH = 20;

/**
 * Compares a presented key with the expected one in time that depends on neither value nor
 * length: both are hashed to 32 bytes first, then compared with `timingSafeEqual`.
 *
 * @example
 * keysMatch(event.headers['x-api-key'], expected) // false for undefined, '' or a wrong key
 */
export function keysMatch(presented: string | undefined, expected: string): boolean {
  const a = createHash('sha256').update(presented ?? '', 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  // The hash comparison alone would accept nothing wrong, but keep `presented !== undefined`
  // outside the timing-sensitive part: a missing header is not a secret.
  return timingSafeEqual(a, b) && presented !== undefined;
}

/** Where the expected key comes from. */
export type PlatformKeySource = () => Promise<string>;

/**
 * A fixed key (from the environment, locally).
 *
 * @example
 * const source = staticPlatformKey(config.platformApiKey);
 */
export function staticPlatformKey(key: string): PlatformKeySource {
  checkKey(key, 'PLATFORM_API_KEY');
  return async function staticPlatformKeySource() {
    return key;
  };
}

/** Reads a secret's string value; the Secrets Manager client in production, anything in tests. */
export type SecretReader = (secretArn: string) => Promise<string | undefined>;

/**
 * A key read from a Secrets Manager secret on first use and kept for the container's life. A
 * failed read is not cached (the next request tries again) and answers 503.
 *
 * @example
 * const source = cachedSecretPlatformKey(config.platformApiKeySecretArn, readSecretString);
 */
export function cachedSecretPlatformKey(secretArn: string, readSecret: SecretReader): PlatformKeySource {
  let pending: Promise<string> | undefined;
  return function cachedSecretPlatformKeySource() {
    pending ??= readSecret(secretArn).then(
      (value) => {
        if (value === undefined) throw new Error(`secret ${secretArn} has no string value`);
        return checkKey(value.trim(), `secret ${secretArn}`);
      },
      (cause: unknown) => {
        throw new ApiError('service_unavailable', 'platform key could not be loaded, retry shortly', { cause });
      },
    ).catch((error: unknown) => {
      pending = undefined;
      throw error instanceof ApiError ? error : new ApiError('internal_error', 'platform key is misconfigured', { cause: error });
    });
    return pending;
  };
}

function checkKey(key: string, where: string): string {
  if (key.length < MIN_PLATFORM_KEY_LENGTH) throw new ConfigError(`${where} must be at least ${MIN_PLATFORM_KEY_LENGTH} characters`);
  return key;
}

/**
 * Throws 403 `forbidden` unless `presented` is the platform key.
 *
 * @example
 * await requirePlatformKey(event.headers['x-api-key'], source);
 */
export async function requirePlatformKey(presented: string | undefined, source: PlatformKeySource): Promise<void> {
  const expected = await source();
  if (!keysMatch(presented, expected)) throw new ApiError('forbidden', 'missing or invalid platform key');
}
