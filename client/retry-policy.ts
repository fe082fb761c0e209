/**
 * When a failed call is tried again, and after how long. Only 429 `rate_limited` and 503
 * `service_unavailable` are retried, for every method: both mean the API did not do the work.
 * A connection that fails without any response is retried only for safe methods
 * (GET, HEAD, OPTIONS), because a POST, PATCH or DELETE may have been applied before the
 * connection broke. No other status is ever retried.
 */

export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  maxRetries: number;
  /** First backoff step in ms; doubles on every retry. Default 250. */
  baseDelayMs: number;
  /** The largest backoff step in ms. Default 8000. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this (ms) is not waited for: the error surfaces at once. Default 60 000. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
  maxRetries: 4,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
});

/**
 * The defaults overridden by `options`, validated: an unknown key or a negative number throws,
 * so a typo never silently means "the default".
 *
 * @example
 * retryOptions({ maxRetries: 0 }) // never retry
 */
export function retryOptions(options: Partial<RetryOptions> = {}): RetryOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_RETRY_OPTIONS, key))
      throw new TypeError(`unknown retry option "${key}" (known: ${Object.keys(DEFAULT_RETRY_OPTIONS).join(', ')})`);
  }
  const merged = { ...DEFAULT_RETRY_OPTIONS, ...options };
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new TypeError(`retry option ${key} must be a finite number ≥ 0, got ${String(value)}`);
  }
  if (!Number.isInteger(merged.maxRetries))
    throw new TypeError(`retry option maxRetries must be a whole number, got ${merged.maxRetries}`);
  return merged;
}

/** True for the statuses that mean "not done, try later". */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503;
}

/** True for the methods that a network failure may retry (RFC 9110 safe methods). */
export function isSafeMethod(method: string): boolean {
  return ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/**
 * A `Retry-After` header (delay-seconds or an HTTP-date) in ms from `nowMs`; undefined when
 * absent or unreadable.
 *
 * @example
 * parseRetryAfter('2', Date.now()) // 2000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('Wed, 21 Oct 2026 07:27:30 GMT')) // 30000
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date always names a month; Date.parse would also read "-1" as a year.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * How long to wait before retry number `retry` (0 for the first retry), or undefined when the
 * server asks for a wait longer than `maxRetryAfterMs`.
 * Without `Retry-After`: exponential backoff with "equal jitter", a uniform pick in
 * [step/2, step] where step = min(maxDelayMs, baseDelayMs × 2^retry), so clients that failed
 * together do not come back together. With `Retry-After`: at least what the server asked, plus
 * up to 20 % so that a crowd told the same number spreads out.
 *
 * @example
 * retryDelayMs(0, undefined, DEFAULT_RETRY_OPTIONS, () => 0.5) // 187.5
 * retryDelayMs(0, 2000, DEFAULT_RETRY_OPTIONS, () => 0.5)      // 2200
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  options: RetryOptions,
  random: () => number,
): number | undefined {
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > options.maxRetryAfterMs) return undefined;
    return retryAfterMs * (1 + 0.2 * random());
  }
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return step / 2 + (step / 2) * random();
}
