import { createBucketSet, createTokenBucket } from '../../../../local/gateway/token-bucket';

describe('the token bucket', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 0;
  });

  it('starts full with the burst, then refuses', () => {
    const bucket = createTokenBucket({ rateLimit: 1, burstLimit: 3 }, clock);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
  });

  it('refills at the rate, never above the burst', () => {
    const bucket = createTokenBucket({ rateLimit: 5, burstLimit: 2 }, clock);
    bucket.tryTake();
    bucket.tryTake();
    now += 199;
    expect(bucket.tryTake()).toBe(false);
    now += 1;
    expect(bucket.tryTake()).toBe(true);
    now += 60_000;
    expect(bucket.available()).toBe(2);
  });

  it('refuses everything with a burst of 0', () => {
    expect(createTokenBucket({ rateLimit: 100, burstLimit: 0 }, clock).tryTake()).toBe(false);
  });

  it('keeps one bucket per key', () => {
    const buckets = createBucketSet(clock);
    const settings = { rateLimit: 1, burstLimit: 1 };
    expect(buckets.tryTake('key-a', settings)).toBe(true);
    expect(buckets.tryTake('key-a', settings)).toBe(false);
    expect(buckets.tryTake('key-b', settings)).toBe(true);
  });
});
