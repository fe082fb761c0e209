/**
 * The signing-key cache behind aws-jwt-verify (it implements the library's `JwksCache`), with
 * the policy the library's own cache lacks:
 * - the JWKS is fetched at cold start and refreshed when older than `refreshIntervalMs`, and a
 *   successful fetch replaces the whole key set, so a revoked key drops out;
 * - an unknown `kid` triggers a refetch, but fetches (not kids) are rate-limited to one per
 *   `minFetchIntervalMs` and every fetch serves all kids, so a spray of random kids costs at most
 *   one fetch per interval and cannot delay the pickup of a legitimately rotated key;
 * - a failed fetch keeps the cached keys in use and is not retried before the interval;
 * - an unknown `kid` is a Deny when the last fetch succeeded (the issuer does not publish it)
 *   and a {@link VerificationUnavailableError} when it failed (we cannot know).
 */
import type { Jwk, Jwks, JwkWithKid, JwksCache } from 'aws-jwt-verify/jwk';
import { KidNotFoundInJwksError } from 'aws-jwt-verify/error';
import { reject, VerificationUnavailableError } from './errors';
import type { JwksFetcher } from './jwks-fetcher';

export interface SigningKeysOptions {
  jwksUrl: string;
  fetchJwks: JwksFetcher;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: () => number;
  /** Age after which the key set is refetched (default 10 minutes, Supabase's own edge cache). */
  refreshIntervalMs?: number;
  /** Least time between two fetches (default 10 s). */
  minFetchIntervalMs?: number;
  /** Told about every fetch failure (the handler logs it). */
  onFetchError?: (error: unknown) => void;
}

interface DecomposedHeader {
  header: { kid?: string };
}

/** True for a JWK this authorizer may verify ES256 with: EC P-256, for signatures and verification. */
export function isEs256VerificationKey(jwk: Jwk): boolean {
  const keyOps = (jwk as { key_ops?: unknown }).key_ops;
  return (
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    (jwk.alg === undefined || jwk.alg === 'ES256') &&
    (jwk.use === undefined || jwk.use === 'sig') &&
    (keyOps === undefined || (Array.isArray(keyOps) && keyOps.includes('verify'))) &&
    typeof jwk.x === 'string' &&
    typeof jwk.y === 'string'
  );
}

function parseKeySet(json: unknown): Map<string, JwkWithKid> {
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('JWKS has no "keys" array');
  const byKid = new Map<string, JwkWithKid>();
  for (const jwk of keys) {
    if (typeof jwk === 'object' && jwk !== null && typeof jwk.kid === 'string' && typeof jwk.kty === 'string') byKid.set(jwk.kid, jwk);
  }
  return byKid;
}

/**
 * The authorizer's key cache.
 *
 * @example
 * const keys = new SigningKeys({ jwksUrl, fetchJwks: fetchJwksJson });
 * await keys.refresh(); // at cold start
 * const jwk = await keys.resolve(kid);
 */
export class SigningKeys implements JwksCache {
  private keys = new Map<string, JwkWithKid>();
  private fetchedAt: number | undefined;
  private lastAttemptAt: number | undefined;
  private lastAttemptFailed = false;
  private inflight: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly refreshIntervalMs: number;
  private readonly minFetchIntervalMs: number;

  constructor(private readonly options: SigningKeysOptions) {
    this.now = options.now ?? Date.now;
    this.refreshIntervalMs = options.refreshIntervalMs ?? 600_000;
    this.minFetchIntervalMs = options.minFetchIntervalMs ?? 10_000;
  }

  /** Fetches the key set now (joining a fetch in flight); never rejects, failures keep the old set. */
  refresh(): Promise<void> {
    if (this.inflight) return this.inflight;
    this.lastAttemptAt = this.now();
    this.inflight = this.options
      .fetchJwks(this.options.jwksUrl)
      .then((json) => {
        this.keys = parseKeySet(json);
        this.fetchedAt = this.now();
        this.lastAttemptFailed = false;
      })
      .catch((error: unknown) => {
        this.lastAttemptFailed = true;
        this.options.onFetchError?.(error);
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private mayFetch(): boolean {
    return this.inflight !== undefined || this.lastAttemptAt === undefined || this.now() - this.lastAttemptAt >= this.minFetchIntervalMs;
  }

  private isStale(): boolean {
    return this.fetchedAt === undefined || this.now() - this.fetchedAt >= this.refreshIntervalMs;
  }

  /**
   * The ES256 key for `kid`, refreshing first when the set is stale or lacks the kid (within the
   * rate limit). Throws `TokenRejectedError` when the issuer does not publish a usable key with
   * that kid, {@link VerificationUnavailableError} when the JWKS cannot be fetched to find out.
   */
  async resolve(kid: string): Promise<JwkWithKid> {
    if (this.isStale() && this.mayFetch()) await this.refresh();
    if (!this.keys.has(kid) && this.mayFetch()) await this.refresh();
    const jwk = this.keys.get(kid);
    if (jwk === undefined) {
      if (this.fetchedAt === undefined || this.lastAttemptFailed) {
        throw new VerificationUnavailableError('the JWKS could not be fetched and the token kid is not cached');
      }
      throw reject('token signing key (kid) is not published by the issuer');
    }
    if (!isEs256VerificationKey(jwk)) throw reject('token signing key is not an EC P-256 verification key');
    return jwk;
  }

  /** {@link JwksCache}: what the verifier's async path calls. */
  getJwk(_jwksUri: string, decomposedJwt: DecomposedHeader): Promise<JwkWithKid> {
    return this.resolve(decomposedJwt.header.kid ?? '');
  }

  /** {@link JwksCache}: the synchronous lookup, without refresh (call {@link resolve} first). */
  getCachedJwk(_jwksUri: string, decomposedJwt: DecomposedHeader): JwkWithKid {
    const jwk = this.keys.get(decomposedJwt.header.kid ?? '');
    if (jwk === undefined || !isEs256VerificationKey(jwk)) throw new KidNotFoundInJwksError('kid not in the cached JWKS');
    return jwk;
  }

  /** {@link JwksCache}: replaces the key set with one obtained elsewhere. */
  addJwks(_jwksUri: string, jwks: Jwks): void {
    this.keys = parseKeySet(jwks);
    this.fetchedAt = this.now();
    this.lastAttemptFailed = false;
  }

  /** {@link JwksCache}: refreshes and returns the current key set. */
  async getJwks(): Promise<Jwks> {
    await this.refresh();
    return { keys: [...this.keys.values()] };
  }
}
