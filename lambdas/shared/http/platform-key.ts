/**
 * The platform key of the internal API (`auth: 'apiKey'` routes). API Gateway checks `x-api-key`
 * already, but AWS warns that API keys are not an authorization mechanism, so the function checks
 * it again: in constant time, whatever the lengths, against the secret's current and previous
 * keys. The keys come from the environment locally and from Secrets Manager in AWS.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Logger } from '@aws-lambda-powertools/logger';
import { ApiError } from '../api-error';
import { type SecretReader, type SecretVersion, secretsManagerReader } from '../aws/secret-reader';
import { ConfigError } from '../env';
import type { PlatformKeyConfig } from './config';
import type { HttpMiddleware, HttpRequest } from './types';

/** API Gateway accepts key values of 20–128 characters; anything shorter is a configuration mistake. */
export const MIN_PLATFORM_KEY_LENGTH = 20;

/**
 * Compares a presented key with the expected one in time that depends on neither value nor
 * length: both are hashed to 32 bytes first, then compared with `timingSafeEqual`.
 */
export function keysMatch(presented: string | undefined, expected: string): boolean {
  const a = createHash('sha256')
    .update(presented ?? '', 'utf8')
    .digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  // The hash comparison alone would accept nothing wrong, but keep `presented !== undefined`
  // outside the timing-sensitive part: a missing header is not a secret.
  return timingSafeEqual(a, b) && presented !== undefined;
}

/** Keys that match any of `keys`; every key is compared, so the time does not say which matched. */
function matchesAny(presented: string | undefined, keys: readonly string[]): boolean {
  let match = false;
  for (const key of keys) match = keysMatch(presented, key) || match;
  return match;
}

/**
 * Where the accepted keys come from. `afterMismatch` asks for a fresh read (a source may refuse:
 * reads are rate-limited) because the presented key matched none of the keys it gave.
 */
export type PlatformKeySource = (options?: { afterMismatch?: boolean }) => Promise<readonly string[]>;

/** A fixed key (from the environment, locally). */
export function staticPlatformKey(key: string): PlatformKeySource {
  const keys = [checkKey(key, 'PLATFORM_API_KEY')];
  return async function staticPlatformKeySource() {
    return keys;
  };
}

export interface SecretPlatformKeysOptions {
  /**
   * How long after the current version's creation the previous version is still accepted: the
   * time a rotation's deploy has to give API Gateway the new key. Past it, only the current key.
   */
  previousVersionGraceMs: number;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: () => number;
  /** Age after which the keys are read again (default 5 minutes), so a retired key drops out. */
  maxAgeMs?: number;
  /** Least time between two reads once keys are in hand (default 10 s): a stream of wrong keys, or
   * a failing Secrets Manager, costs one read per interval. */
  minRereadMs?: number;
  /** Told about a failed read while the keys in hand keep serving (a read with none in hand answers 503 instead). */
  onStaleKeys?: (error: unknown) => void;
}

/** What one read of the secret gave: the current key alone, and with the previous one until `previousUntil`. */
type SecretKeys =
  | { current: readonly string[]; withPrevious?: undefined }
  | { current: readonly string[]; withPrevious: readonly string[]; previousUntil: number };

/**
 * The keys of a Secrets Manager secret: its current version, and its previous version for
 * `previousVersionGraceMs` after the current one was created (Secrets Manager's `CreatedDate`,
 * against our clock), so that a rotation (`put-secret-value`, then a deploy that gives API
 * Gateway the new value) refuses neither the clients still on the old key nor those already on
 * the new one, yet a leaked old key stops working once the grace is over. Read on first use, again
 * when older than `maxAgeMs`, and again (at most once per `minRereadMs`, concurrent requests
 * sharing one read) when a presented key matches neither, so a warm container picks up a
 * rotation with the first request that uses the new key. A failed read keeps the keys already
 * read in use; with none yet it answers 503 and the next request tries again.
 */
export function secretPlatformKeys(
  secretArn: string,
  readSecret: SecretReader,
  options: SecretPlatformKeysOptions,
): PlatformKeySource {
  const { previousVersionGraceMs, now = Date.now, maxAgeMs = 300_000, minRereadMs = 10_000, onStaleKeys } = options;
  let keys: SecretKeys | undefined;
  let readAt = -Infinity;
  let attemptedAt = -Infinity;
  let pending: Promise<SecretKeys> | undefined;

  /** The keys the secret holds now, or the error that explains why there are none. */
  async function readKeys(): Promise<SecretKeys> {
    let current: SecretVersion | undefined;
    let previous: SecretVersion | undefined;
    try {
      [current, previous] = await Promise.all([
        readSecret(secretArn, 'AWSCURRENT'),
        readSecret(secretArn, 'AWSPREVIOUS'),
      ]);
    } catch (cause) {
      throw new ApiError('service_unavailable', 'platform key could not be loaded, retry shortly', { cause });
    }
    try {
      if (current?.value === undefined) throw new Error(`secret ${secretArn} has no string value`);
      const currentKey = checkKey(current.value.trim(), `secret ${secretArn}`);
      // The previous version was once current; a value that is not a key is simply not accepted.
      const before = previous?.value?.trim();
      if (!before || before.length < MIN_PLATFORM_KEY_LENGTH || before === currentKey) return { current: [currentKey] };
      // Without a creation date the rotation's time is not a verified fact: no grace at all.
      const until = current.createdAtMs === undefined ? -Infinity : current.createdAtMs + previousVersionGraceMs;
      return { current: [currentKey], withPrevious: [currentKey, before], previousUntil: until };
    } catch (cause) {
      throw new ApiError('internal_error', 'platform key is misconfigured', { cause });
    }
  }

  // The grace is checked on every request, not only when the secret is read.
  const acceptedAt = (read: SecretKeys, time: number): readonly string[] =>
    read.withPrevious !== undefined && time < read.previousUntil ? read.withPrevious : read.current;

  return function secretPlatformKeysSource({ afterMismatch = false } = {}) {
    const time = now();
    if (keys !== undefined) {
      const wanted = afterMismatch || time - readAt >= maxAgeMs;
      // Also after a failed read: the keys in hand serve until the next read is due.
      if (!wanted || time - attemptedAt < minRereadMs) return Promise.resolve(acceptedAt(keys, time));
    }
    if (!pending) {
      attemptedAt = time;
      pending = readKeys()
        .then(
          (read) => {
            readAt = time;
            return (keys = read);
          },
          (error: unknown) => {
            if (keys === undefined) throw error;
            onStaleKeys?.(error);
            return keys;
          },
        )
        .finally(() => {
          pending = undefined;
        });
    }
    return pending.then((read) => acceptedAt(read, time));
  };
}

function checkKey(key: string, where: string): string {
  if (key.length < MIN_PLATFORM_KEY_LENGTH)
    throw new ConfigError(`${where} must be at least ${MIN_PLATFORM_KEY_LENGTH} characters`);
  return key;
}

/**
 * Throws 403 `forbidden` unless `presented` is one of the platform keys. A key that matches none
 * is checked once more against a fresh read (the source rate-limits those), which is how a warm
 * container learns of a rotation.
 */
export async function requirePlatformKey(presented: string | undefined, source: PlatformKeySource): Promise<void> {
  if (matchesAny(presented, await source())) return;
  if (matchesAny(presented, await source({ afterMismatch: true }))) return;
  throw new ApiError('forbidden', 'missing or invalid platform key');
}

/**
 * The source a function's configuration names, built once at cold start; the secret's versions
 * are read on the first request that needs them and kept fresh (see {@link secretPlatformKeys}).
 */
export function platformKeyFromConfig(
  config: PlatformKeyConfig,
  client: { region: string; endpoint?: string },
  logger: Pick<Logger, 'warn'>,
): PlatformKeySource {
  if (config.kind === 'static') return staticPlatformKey(config.key);
  return secretPlatformKeys(config.secretArn, secretsManagerReader(new SecretsManagerClient(client)), {
    previousVersionGraceMs: config.previousVersionGraceMinutes * 60_000,
    onStaleKeys: (error) =>
      logger.warn('platform key secret could not be read again; the keys read before stay in use', {
        error: error instanceof Error ? error.message : String(error),
      }),
  });
}

export interface PlatformKeyOptions {
  source: PlatformKeySource;
}

/** Runs after header normalisation, so the header name is lower-case. */
export function platformKey({ source }: PlatformKeyOptions): HttpMiddleware {
  async function platformKeyMiddlewareBefore(request: HttpRequest): Promise<void> {
    if (request.context.route?.auth !== 'apiKey') return;
    await requirePlatformKey(request.event.headers?.['x-api-key'] ?? undefined, source);
    request.context.caller = { kind: 'platform' };
  }
  return { before: platformKeyMiddlewareBefore };
}
