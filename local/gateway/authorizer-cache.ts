/**
 * The authorizer result cache. API Gateway keys it by the identity source value (the token) in
 * the scope of one authorizer of one API stage, and caches the whole output — policy and
 * context — for the authorizer's TTL, Deny included, re-evaluating the policy against each
 * request's method ARN. Errors are never stored here; a TTL of 0 disables caching.
 */
import type { Clock } from './clock';

/** A cache of authorizer outputs. */
export interface AuthorizerCache<V> {
  /** The unexpired output for this authorizer and token, if any. */
  get(authorizerId: string, token: string): V | undefined;
  /** Stores an output for `ttlSeconds`; a TTL of 0 (or less) stores nothing. */
  set(authorizerId: string, token: string, value: V, ttlSeconds: number): void;
  /** Empties the cache (`FlushStageAuthorizersCache`). */
  clear(): void;
  readonly size: number;
}

/**
 * A cache over an injected clock, bounded to `maxEntries` (oldest evicted first).
 *
 * @example
 * const cache = createAuthorizerCache<AuthorizerOutput>(() => Date.now());
 * cache.set('authz1', 'Bearer abc', output, 300);
 */
export function createAuthorizerCache<V>(clock: Clock, maxEntries = 10_000): AuthorizerCache<V> {
  const entries = new Map<string, { value: V; expiresAt: number }>();
  const keyOf = (authorizerId: string, token: string) => `${authorizerId}\u0000${token}`;
  return {
    get(authorizerId, token) {
      const key = keyOf(authorizerId, token);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (clock() >= entry.expiresAt) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(authorizerId, token, value, ttlSeconds) {
      if (!(ttlSeconds > 0)) return;
      const key = keyOf(authorizerId, token);
      entries.delete(key);
      entries.set(key, { value, expiresAt: clock() + ttlSeconds * 1000 });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
