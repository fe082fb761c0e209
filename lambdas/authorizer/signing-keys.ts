/**
 * The authorizer's signing-key cache, a map from `kid` to the issuer's JWK, with the policy:
 * - the JWKS is fetched at cold start and refreshed when older than `refreshIntervalMs` (served
 *   by the issuer's edge cache like any client's), and a successful fetch replaces the whole key
 *   set, so a revoked key drops out; a failed refresh keeps the cached keys in use;
 * - a `kid` missing from the cached set triggers one refetch that asks past caches
 *   (`Cache-Control: no-cache`), shared by concurrent lookups, at most one per
 *   `minFetchIntervalMs` counted from the last refetch made for an unknown kid (the cold start
 *   and the scheduled refresh do not count), so the first unknown kid after a cold start
 *   refetches at once and a spray of random kids costs one fetch per interval;
 * - the answer rests on that refetch alone (the last one, inside the interval): the key is in
 *   the set, verify; the refetch failed, a {@link VerificationUnavailableError} (a 503 API
 *   Gateway does not cache); the set lacks the key, a Deny. Nothing from the token but its `kid`
 *   is an input: an unverified `iat` cannot turn a Deny into a 5xx or a fetch into none.
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
  /** Start of the last successful fetch of any kind (a key published during it may be missing). */
  #fetchedAt = -Infinity;
  /** Start of the last fetch attempt of any kind; paces the scheduled refresh of a failing JWKS. */
  #attemptedAt = -Infinity;
  /** The fetch in flight, of either kind: fetches never overlap, so a slower one cannot undo a newer set. */
  #inflight: Promise<boolean> | undefined;
  /** The last refetch made for an unknown kid (resolving to whether it succeeded) and its start: the window's answer. */
  #refetch: Promise<boolean> | undefined;
  #refetchAt = -Infinity;
  readonly #options: Required<Omit<SigningKeysOptions, 'onFetchError'>> & Pick<SigningKeysOptions, 'onFetchError'>;

  constructor(options: SigningKeysOptions) {
    this.#options = { now: Date.now, refreshIntervalMs: 600_000, minFetchIntervalMs: 10_000, ...options };
  }

  /** Fetches the key set now (joining a fetch in flight); never rejects, failures keep the old set. */
  async refresh(): Promise<void> {
    await (this.#inflight ?? this.#fetch());
  }

  /** One fetch of the JWKS, resolving to whether it replaced the key set; failures are reported, never thrown. */
  #fetch(requestOptions?: Record<string, unknown>): Promise<boolean> {
    const { jwksUrl, fetcher, now, onFetchError } = this.#options;
    const startedAt = (this.#attemptedAt = now());
    this.#inflight = fetcher
      .fetch(jwksUrl, requestOptions)
      .then((body) => {
        this.#keys = parseKeySet(body);
        this.#fetchedAt = startedAt;
        return true;
      })
      .catch((error: unknown) => {
        onFetchError?.(error);
        return false;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }

  /**
   * The ES256 key for `kid`, refreshing first when the set is stale. Throws `TokenRejectedError`
   * when the issuer does not publish a usable key with that kid, {@link VerificationUnavailableError}
   * when the refetch that had to decide could not be made.
   */
  async resolve(kid: string): Promise<JwkWithKid> {
    const { now, refreshIntervalMs, minFetchIntervalMs } = this.#options;
    if (
      now() - this.#fetchedAt >= refreshIntervalMs &&
      (this.#inflight || now() - this.#attemptedAt >= minFetchIntervalMs)
    )
      await this.refresh();
    const jwk = this.#keys.get(kid) ?? (await this.#refetchFor(kid));
    if (isEs256VerificationKey(jwk)) return jwk;
    throw reject('token signing key is not an EC P-256 verification key');
  }

  /** The key for a kid the cached set lacks, decided by the last refetch made for an unknown kid. */
  async #refetchFor(kid: string): Promise<JwkWithKid> {
    const { now, minFetchIntervalMs } = this.#options;
    // A refresh under way may bring the key; the refetch, when still needed, follows it.
    if (this.#inflight && this.#inflight !== this.#refetch) await this.#inflight;
    let jwk = this.#keys.get(kid);
    if (!jwk) {
      // Concurrent lookups inside the window share the refetch in flight, or take its answer.
      if (now() - this.#refetchAt >= minFetchIntervalMs) {
        this.#refetchAt = now();
        this.#refetch = this.#fetch(BYPASS_CACHES);
      }
      const fetched = await this.#refetch;
      jwk = this.#keys.get(kid);
      if (!jwk) {
        throw fetched
          ? reject('token signing key (kid) is not published by the issuer')
          : new VerificationUnavailableError('the JWKS could not be fetched and the token kid is not cached');
      }
    }
    return jwk;
  }
}

/** Asks the issuer's edge (Supabase caches the JWKS up to 10 minutes) and any proxy for the current set. */
const BYPASS_CACHES = { headers: { 'cache-control': 'no-cache' } };
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
