import { createAuthorizerCache } from '../../../../local/gateway/authorizer-cache';

describe('the authorizer cache', () => {
  let now = 1_000_000;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('serves an entry until its TTL elapses, then forgets it', () => {
    const cache = createAuthorizerCache<string>(clock);
    cache.set('authz', 'Bearer a', 'allow-a', 300);
    now += 299_999;
    expect(cache.get('authz', 'Bearer a')).toBe('allow-a');
    now += 1;
    expect(cache.get('authz', 'Bearer a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keys by the exact token value', () => {
    const cache = createAuthorizerCache<string>(clock);
    cache.set('authz', 'Bearer a', 'allow-a', 300);
    expect(cache.get('authz', 'Bearer b')).toBeUndefined();
    expect(cache.get('authz', 'bearer a')).toBeUndefined();
    expect(cache.get('authz', 'Bearer a ')).toBeUndefined();
  });

  it('keeps authorizers apart', () => {
    const cache = createAuthorizerCache<string>(clock);
    cache.set('public', 'Bearer a', 'allow', 300);
    expect(cache.get('internal', 'Bearer a')).toBeUndefined();
  });

  it('stores nothing with a TTL of 0', () => {
    const cache = createAuthorizerCache<string>(clock);
    cache.set('authz', 'Bearer a', 'allow', 0);
    expect(cache.get('authz', 'Bearer a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('restarts the TTL when an entry is stored again', () => {
    const cache = createAuthorizerCache<string>(clock);
    cache.set('authz', 'Bearer a', 'first', 10);
    now += 9_000;
    cache.set('authz', 'Bearer a', 'second', 10);
    now += 9_000;
    expect(cache.get('authz', 'Bearer a')).toBe('second');
  });

  it('evicts the oldest entry beyond its bound', () => {
    const cache = createAuthorizerCache<string>(clock, 2);
    cache.set('authz', 't1', 'a', 60);
    cache.set('authz', 't2', 'b', 60);
    cache.set('authz', 't3', 'c', 60);
    expect(cache.get('authz', 't1')).toBeUndefined();
    expect(cache.get('authz', 't3')).toBe('c');
  });

  it('empties on clear', () => {
    const cache = createAuthorizerCache<string>(clock);
    cache.set('authz', 't1', 'a', 60);
    cache.clear();
    expect(cache.get('authz', 't1')).toBeUndefined();
  });
});
