/**
 * The retry policy, on a fake clock: `sleep` advances `now`, so no test waits. The failures are
 * plain objects shaped like the SDK's errors (name and $metadata), which is all the policy reads.
 */
import {
  backoffDelay,
  classifyFailure,
  RetriesExhaustedError,
  withRetries,
} from '../../../../lambdas/shared/data-api/retry';

function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    random: () => 0.5,
  };
}

function sdkError(name: string, httpStatusCode: number) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
}

/** A call that fails `failures` times with `error`, then answers `value`. */
function failing<T>(failures: number, error: unknown, value: T) {
  let calls = 0;
  const call = async () => {
    calls++;
    if (calls <= failures) throw error;
    return value;
  };
  return { call, calls: () => calls };
}

describe('classifyFailure', () => {
  it('sorts Data API failures into resuming, transient and fatal', () => {
    expect(classifyFailure(sdkError('DatabaseResumingException', 400))).toBe('resuming');
    expect(classifyFailure(sdkError('ThrottlingException', 400))).toBe('transient');
    expect(classifyFailure(sdkError('ServiceUnavailableError', 503))).toBe('transient');
    expect(classifyFailure(sdkError('DatabaseUnavailableException', 504))).toBe('transient');
    expect(classifyFailure(sdkError('SomethingNew', 502))).toBe('transient');
    expect(classifyFailure(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('transient');
    expect(classifyFailure(sdkError('DatabaseErrorException', 400))).toBe('fatal');
    expect(classifyFailure(sdkError('StatementTimeoutException', 400))).toBe('fatal');
    expect(classifyFailure('not an error')).toBe('fatal');
  });
});

describe('backoffDelay', () => {
  it('doubles from the base, caps at the maximum, and jitters within the upper half', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, options))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(backoffDelay(6, { ...options, random: () => 0.999 })).toBe(1000);
  });
});

describe('withRetries', () => {
  it('retries a resuming database for any statement, then returns the answer', async () => {
    const clock = fakeClock();
    const f = failing(3, sdkError('DatabaseResumingException', 400), 'ok');
    await expect(withRetries(f.call, { idempotent: false }, clock)).resolves.toBe('ok');
    expect(f.calls()).toBe(4);
    expect(clock.sleeps).toEqual([188, 375, 750]);
  });

  it('retries throttling and 5xx only for statements safe to repeat', async () => {
    const throttled = sdkError('ThrottlingException', 400);
    const write = failing(1, throttled, 'ok');
    await expect(withRetries(write.call, { idempotent: false }, fakeClock())).rejects.toBe(throttled);
    expect(write.calls()).toBe(1);
    const read = failing(2, sdkError('InternalServerErrorException', 500), 'ok');
    await expect(withRetries(read.call, { idempotent: true }, fakeClock())).resolves.toBe('ok');
    expect(read.calls()).toBe(3);
  });

  it('never retries a SQL error', async () => {
    const sqlError = sdkError('DatabaseErrorException', 400);
    const f = failing(1, sqlError, 'ok');
    await expect(withRetries(f.call, { idempotent: true }, fakeClock())).rejects.toBe(sqlError);
    expect(f.calls()).toBe(1);
  });

  it('gives up once the next wait would pass the budget, keeping the last failure as cause', async () => {
    const clock = fakeClock();
    const resuming = sdkError('DatabaseResumingException', 400);
    const f = failing(Number.POSITIVE_INFINITY, resuming, 'never');
    const error = await withRetries(f.call, { idempotent: true }, { ...clock, budgetMs: 45_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).cause).toBe(resuming);
    expect((error as RetriesExhaustedError).attempts).toBe(f.calls());
    const waited = clock.sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeLessThanOrEqual(45_000);
    expect(waited).toBeGreaterThan(30_000);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(5_000);
  });
});
