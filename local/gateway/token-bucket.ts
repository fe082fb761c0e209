/**
 * The token bucket API Gateway throttles with: `burstLimit` tokens of capacity, refilled at
 * `rateLimit` tokens per second, one token per request; an empty bucket answers 429. The bucket
 * starts full.
 */
import type { Clock } from './clock';

/** Throttle settings as a usage plan or stage declares them. */
export interface ThrottleSettings {
  rateLimit: number;
  burstLimit: number;
}

/** One bucket. */
export interface TokenBucket {
  /** Takes a token if one is available. */
  tryTake(): boolean;
  /** Tokens available now (fractional while refilling). */
  available(): number;
}

/**
 * A bucket over an injected clock.
 *
 * @example
 * const bucket = createTokenBucket({ rateLimit: 5, burstLimit: 2 }, () => Date.now());
 * bucket.tryTake(); // true
 */
export function createTokenBucket(settings: ThrottleSettings, clock: Clock): TokenBucket {
  const capacity = Math.max(0, settings.burstLimit);
  const perMs = Math.max(0, settings.rateLimit) / 1000;
  let tokens = capacity;
  let last = clock();
  const refill = () => {
    const now = clock();
    tokens = Math.min(capacity, tokens + Math.max(0, now - last) * perMs);
    last = now;
  };
  return {
    tryTake() {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    available() {
      refill();
      return tokens;
    },
  };
}

/**
 * Buckets by key (usage plan + API key + method), created on first use.
 *
 * @example
 * const buckets = createBucketSet(() => Date.now());
 * buckets.tryTake('plan1/key1', { rateLimit: 5, burstLimit: 2 });
 */
export function createBucketSet(clock: Clock): { tryTake(key: string, settings: ThrottleSettings): boolean } {
  const buckets = new Map<string, TokenBucket>();
  return {
    tryTake(key, settings) {
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        bucket = createTokenBucket(settings, clock);
        buckets.set(key, bucket);
      }
      return bucket.tryTake();
    },
  };
}
