import {
  DEFAULT_RETRY_OPTIONS,
  isRetryableStatus,
  isSafeMethod,
  parseRetryAfter,
  retryDelayMs,
  retryOptions,
} from '../../../client/retry-policy';

describe('retryDelayMs', () => {
  it('picks a delay in [step/2, step] with the step doubling on every retry', () => {
    const options = retryOptions({ baseDelayMs: 100, maxDelayMs: 10_000 });

    const lowest = [0, 1, 2, 3].map((retry) => retryDelayMs(retry, undefined, options, () => 0));
    const highest = [0, 1, 2, 3].map((retry) => retryDelayMs(retry, undefined, options, () => 0.999999));

    expect(lowest).toEqual([50, 100, 200, 400]);
    expect(highest.map((d) => Math.round(d!))).toEqual([100, 200, 400, 800]);
  });

  it('never waits longer than maxDelayMs without a Retry-After', () => {
    const options = retryOptions({ baseDelayMs: 1000, maxDelayMs: 3000 });

    expect(retryDelayMs(10, undefined, options, () => 0.999999)).toBeLessThanOrEqual(3000);
  });

  it('waits at least the Retry-After and adds up to 20 % jitter', () => {
    expect(retryDelayMs(0, 2000, DEFAULT_RETRY_OPTIONS, () => 0)).toBe(2000);
    expect(retryDelayMs(0, 2000, DEFAULT_RETRY_OPTIONS, () => 0.5)).toBe(2200);
    expect(retryDelayMs(3, 2000, DEFAULT_RETRY_OPTIONS, () => 0.999999)).toBeLessThan(2400);
  });

  it('declines to wait for a Retry-After longer than maxRetryAfterMs', () => {
    expect(retryDelayMs(0, 120_000, retryOptions({ maxRetryAfterMs: 60_000 }), () => 0)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(' 0 ', 0)).toBe(0);
  });

  it('reads an HTTP-date relative to now, and a past date as no wait', () => {
    const now = Date.parse('Sun, 29 Nov 2026 12:00:00 GMT');

    expect(parseRetryAfter('Sun, 29 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter('-1', 0)).toBeUndefined();
  });
});

describe('what is retried', () => {
  it('retries 429 and 503 only', () => {
    const statuses = [400, 401, 403, 404, 409, 422, 428, 429, 500, 502, 503, 504];

    expect(statuses.filter(isRetryableStatus)).toEqual([429, 503]);
  });

  it('retries network failures of safe methods only', () => {
    expect(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'].filter(isSafeMethod)).toEqual([
      'GET',
      'HEAD',
      'OPTIONS',
    ]);
  });
});

describe('retryOptions', () => {
  it('fills in the defaults', () => {
    expect(retryOptions({ maxRetries: 1 })).toEqual({ ...DEFAULT_RETRY_OPTIONS, maxRetries: 1 });
  });

  it('rejects an unknown option so that a typo never means the default', () => {
    expect(() => retryOptions({ maxRetry: 1 } as never)).toThrow(
      'unknown retry option "maxRetry" (known: maxRetries, baseDelayMs, maxDelayMs, maxRetryAfterMs)',
    );
  });

  it('rejects negative and fractional counts', () => {
    expect(() => retryOptions({ baseDelayMs: -1 })).toThrow(
      'retry option baseDelayMs must be a finite number ≥ 0, got -1',
    );
    expect(() => retryOptions({ maxRetries: 1.5 })).toThrow('retry option maxRetries must be a whole number, got 1.5');
  });
});
