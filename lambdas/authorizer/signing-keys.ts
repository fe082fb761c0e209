/**
 * The authorizer's signing-key cache, a map from `kid` to the issuer's JWK, with the policy:
 * - the JWKS is fetched at cold start and refreshed when older than `refreshIntervalMs`, and a
 *   successful fetch replaces the whole key set, so a revoked key drops out;
 * - an unknown `kid` triggers a refetch, but fetches (not kids) are rate-limited to one per
 *   `minFetchIntervalMs`, concurrent lookups share one fetch, and every fetch serves all kids, so
 *   a spray of random kids costs at most one fetch per interval and cannot delay the pickup of a
 *   legitimately rotated key;
 * - a failed fetch (or a document aws-jwt-verify's `assertIsJwks` refuses) keeps the cached keys
 *   in use and is not retried before the interval;
 * - an unknown `kid` is a Deny only when our key set was fetched after the token was issued
 *   (the key that signed it had to be published by then, and it is not): an issuer publishes a
 *   key before signing with it. When the key set is older than the token (a fetch for it was
 *   rate-limited) or the fetch failed, we cannot know, and a
 *   {@link VerificationUnavailableError} becomes a 503 the client retries, never a Deny that
 *   API Gateway would cache against a good token for the whole TTL.
 */
import { assertIsJwks, type Jwk, type Jwks, type JwkWithKid } from 'aws-jwt-verify/jwk';
import type { Fetcher } from 'aws-jwt-verify/https';
import { safeJsonParse } from 'aws-jwt-verify/safe-json-parse';
import { reject, VerificationUnavailableError } from './errors';

export interface SigningKeysOptions {
  jwksUrl: string;
  /** How the JWKS is fetched (see `createJwksFetcher`). */
  fetcher: Fetcher;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: () => number;
  /** Age after which the key set is refetched (default 10 minutes, Supabase's own edge cache). */
  refreshIntervalMs?: number;
  /** Least time between two fetches (default 10 s). */
  minFetchIntervalMs?: number;
  /** Told about every fetch failure (the handler logs it). */
  onFetchError?: (error: unknown) => void;
}

/** True for a JWK this authorizer may verify ES256 with: EC P-256, for signatures and verification. */
export function isEs256VerificationKey(jwk: Jwk & { key_ops?: unknown }): boolean {
  const { kty, crv, alg = 'ES256', use = 'sig', key_ops: ops = ['verify'], x, y } = jwk;
  return (
    kty === 'EC' &&
    crv === 'P-256' &&
    alg === 'ES256' &&
    use === 'sig' &&
    Array.isArray(ops) &&
    ops.includes('verify') &&
    !!x &&
    !!y
  );
}

/**
 * The authorizer's key cache.
 *
 * @example
 * const keys = new SigningKeys({ jwksUrl, fetcher: createJwksFetcher() });
 * await keys.refresh(); // at cold start
 * const jwk = await keys.resolve(kid);
 */
export class SigningKeys {
  #keys = new Map<string, JwkWithKid>();
  #fetchedAt = -Infinity;
  #attemptedAt = -Infinity;
  #failed = false;
  #inflight: Promise<void> | undefined;
  readonly #options: Required<Omit<SigningKeysOptions, 'onFetchError'>> & Pick<SigningKeysOptions, 'onFetchError'>;

  constructor(options: SigningKeysOptions) {
    this.#options = { now: Date.now, refreshIntervalMs: 600_000, minFetchIntervalMs: 10_000, ...options };
  }

  /** Fetches the key set now (joining a fetch in flight); never rejects, failures keep the old set. */
  refresh(): Promise<void> {
    const { jwksUrl, fetcher, now, onFetchError } = this.#options;
    if (this.#inflight) return this.#inflight;
    const startedAt = (this.#attemptedAt = now());
    return (this.#inflight = fetcher
      .fetch(jwksUrl)
      .then((body) => {
        this.#keys = parseKeySet(body);
        // When the request left: a key published while it was under way may be missing.
        this.#fetchedAt = startedAt;
        this.#failed = false;
      })
      .catch((error: unknown) => {
        this.#failed = true;
        onFetchError?.(error);
      })
      .finally(() => {
        this.#inflight = undefined;
      }));
  }

  /** True when a fetch may start now (or one is in flight to join). */
  #mayFetch(): boolean {
    return !!this.#inflight || this.#options.now() - this.#attemptedAt >= this.#options.minFetchIntervalMs;
  }

  /**
   * The ES256 key for `kid`, refreshing first when the set is stale or lacks the kid (within the
   * rate limit). Throws `TokenRejectedError` when the issuer does not publish a usable key with
   * that kid, {@link VerificationUnavailableError} when we cannot find out: the JWKS cannot be
   * fetched, or the key set we hold was fetched before the token was issued (`issuedAt`, in
   * seconds) and a refetch is rate-limited. The comparison takes the issuer's clock as ours:
   * both are NTP-synced, and an issuer publishes a key well before it signs with it.
   */
  async resolve(kid: string, issuedAt = -Infinity): Promise<JwkWithKid> {
    const { now, refreshIntervalMs } = this.#options;
    if (now() - this.#fetchedAt >= refreshIntervalMs && this.#mayFetch()) await this.refresh();
    let jwk = this.#keys.get(kid);
    if (!jwk && this.#mayFetch()) {
      await this.refresh();
      jwk = this.#keys.get(kid);
    }
    if (jwk) {
      if (isEs256VerificationKey(jwk)) return jwk;
      throw reject('token signing key is not an EC P-256 verification key');
    }
    if (this.#failed || this.#fetchedAt < 0)
      throw new VerificationUnavailableError('the JWKS could not be fetched and the token kid is not cached');
    // Deny only when the set was fetched after the token was issued; otherwise the next fetch
    // decides. `iat` is in whole seconds, so "after" means from the next second on.
    if (this.#fetchedAt < (issuedAt + 1) * 1000) {
      throw new VerificationUnavailableError(
        'the token kid is newer than the cached key set and a refetch is rate-limited',
      );
    }
    throw reject('token signing key (kid) is not published by the issuer');
  }
}

/** A JWKS document as a map from kid to key (the first key of a kid wins), or the library's validation error. */
function parseKeySet(body: ArrayBuffer): Map<string, JwkWithKid> {
  let jwks: unknown;
  try {
    jwks = safeJsonParse(new TextDecoder('utf8', { fatal: true, ignoreBOM: true }).decode(body));
  } catch (error) {
    throw new Error(`JWKS could not be parsed as JSON: ${error}`);
  }
  assertIsJwks(jwks as Parameters<typeof assertIsJwks>[0]);
  const keys = new Map<string, JwkWithKid>();
  for (const jwk of (jwks as Jwks).keys)
    if (typeof jwk.kid === 'string' && !keys.has(jwk.kid)) keys.set(jwk.kid, jwk as JwkWithKid);
  return keys;
}
