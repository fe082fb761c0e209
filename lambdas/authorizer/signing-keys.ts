/**
 * The signing-key cache behind aws-jwt-verify: the library's `SimpleJwksCache` (its fetching,
 * strict JWKS parsing and de-duplication of concurrent fetches) with the policy it lacks:
 * - the JWKS is fetched at cold start and refreshed when older than `refreshIntervalMs`, and a
 *   successful fetch replaces the whole key set, so a revoked key drops out;
 * - an unknown `kid` triggers a refetch, but fetches (not kids) are rate-limited to one per
 *   `minFetchIntervalMs` and every fetch serves all kids, so a spray of random kids costs at most
 *   one fetch per interval and cannot delay the pickup of a legitimately rotated key;
 * - a failed fetch keeps the cached keys in use and is not retried before the interval;
 * - an unknown `kid` is a Deny when the last fetch succeeded (the issuer does not publish it)
 *   and a {@link VerificationUnavailableError} when it failed (we cannot know).
 */
import { SimpleJwksCache, type Jwk, type JwkWithKid } from 'aws-jwt-verify/jwk';
import type { Fetcher } from 'aws-jwt-verify/https';
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
  return kty === 'EC' && crv === 'P-256' && alg === 'ES256' && use === 'sig' && Array.isArray(ops) && ops.includes('verify') && !!x && !!y;
}

/**
 * The authorizer's key cache.
 *
 * @example
 * const keys = new SigningKeys({ jwksUrl, fetcher: createJwksFetcher() });
 * await keys.refresh(); // at cold start
 * const jwk = await keys.resolve(kid);
 */
export class SigningKeys extends SimpleJwksCache {
  #fetchedAt = -Infinity;
  #attemptedAt = -Infinity;
  #failed = false;
  #inflight: Promise<void> | undefined;
  readonly #options: Required<Omit<SigningKeysOptions, 'onFetchError'>> & Pick<SigningKeysOptions, 'onFetchError'>;

  constructor(options: SigningKeysOptions) {
    super({ fetcher: options.fetcher });
    this.#options = { now: Date.now, refreshIntervalMs: 600_000, minFetchIntervalMs: 10_000, ...options };
  }

  /** Fetches the key set now (joining a fetch in flight); never rejects, failures keep the old set. */
  refresh(): Promise<void> {
    const { jwksUrl, now, onFetchError } = this.#options;
    if (this.#inflight) return this.#inflight;
    this.#attemptedAt = now();
    this.#inflight = this.getJwks(jwksUrl)
      .then(
        () => {
          this.#fetchedAt = now();
          this.#failed = false;
        },
        (error: unknown) => {
          this.#failed = true;
          onFetchError?.(error);
        },
      )
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }

  /** True when a fetch may start now (or one is in flight to join). */
  #mayFetch(): boolean {
    return !!this.#inflight || this.#options.now() - this.#attemptedAt >= this.#options.minFetchIntervalMs;
  }

  #cached(kid: string): JwkWithKid | undefined {
    try {
      return this.getCachedJwk(this.#options.jwksUrl, { header: { kid } } as never);
    } catch {
      return undefined;
    }
  }

  /**
   * The ES256 key for `kid`, refreshing first when the set is stale or lacks the kid (within the
   * rate limit). Throws `TokenRejectedError` when the issuer does not publish a usable key with
   * that kid, {@link VerificationUnavailableError} when the JWKS cannot be fetched to find out.
   */
  async resolve(kid: string): Promise<JwkWithKid> {
    const { now, refreshIntervalMs } = this.#options;
    if (now() - this.#fetchedAt >= refreshIntervalMs && this.#mayFetch()) await this.refresh();
    let jwk = this.#cached(kid);
    if (!jwk && this.#mayFetch()) {
      await this.refresh();
      jwk = this.#cached(kid);
    }
    if (jwk) {
      if (isEs256VerificationKey(jwk)) return jwk;
      throw reject('token signing key is not an EC P-256 verification key');
    }
    if (this.#failed || this.#fetchedAt < 0) throw new VerificationUnavailableError('the JWKS could not be fetched and the token kid is not cached');
    throw reject('token signing key (kid) is not published by the issuer');
  }

  /** What the verifier's async path calls: {@link resolve}, replacing the library's own policy. */
  override getJwk(_jwksUri: string, { header }: { header: { kid?: string } }): Promise<JwkWithKid> {
    return this.resolve(header.kid ?? '');
  }
}
