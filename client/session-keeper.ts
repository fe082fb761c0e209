/**
 * Keeps the machine account's access token fresh. A token is refreshed once ~80 % of its
 * lifetime has passed (with jitter, so a fleet started together does not refresh together):
 * requests keep using the still-valid token while the refresh runs in the background, and only
 * wait for it in the last stretch before expiry. Refreshes are single-flight: however many
 * requests ask at once, one refresh call reaches Supabase. That matters beyond efficiency —
 * Supabase rotates refresh tokens, and replaying a spent one revokes the whole session.
 *
 * Lifetimes are measured on the local clock from the moment the token was requested
 * (`expires_in`, not the `exp` claim), so a machine whose clock is off still refreshes on time.
 */
import type { Credential } from './credential';
import type { ClientRuntime } from './runtime';

/** What a sign-in or a refresh yields. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token in seconds, as the server stated it. */
  expiresInSeconds: number;
}

/** Where new tokens come from (Supabase Auth through supabase-js, see `supabase-auth.ts`). */
export interface SessionSource {
  refresh(refreshToken: string): Promise<SessionTokens>;
}

export interface RefreshOptions {
  /** Fraction of the lifetime after which a refresh starts. Default 0.8. */
  refreshAt: number;
  /** Up to this fraction of the lifetime is added or taken at random. Default 0.05. */
  jitter: number;
  /** Requests wait for the new token from this long before expiry: 10 % of the lifetime (at least 1.5 s), at most this many ms. Default 30 000. */
  maxWaitMarginMs: number;
}

const MIN_WAIT_MARGIN_MS = 1500;

export const DEFAULT_REFRESH_OPTIONS: Readonly<RefreshOptions> = Object.freeze({
  refreshAt: 0.8,
  jitter: 0.05,
  maxWaitMarginMs: 30_000,
});

/**
 * The defaults overridden by `options`, validated (unknown keys and impossible values throw).
 *
 * @example
 * refreshOptions({ refreshAt: 0.5 })
 */
export function refreshOptions(options: Partial<RefreshOptions> = {}): RefreshOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_REFRESH_OPTIONS, key))
      throw new TypeError(
        `unknown refresh option "${key}" (known: ${Object.keys(DEFAULT_REFRESH_OPTIONS).join(', ')})`,
      );
  }
  const merged = { ...DEFAULT_REFRESH_OPTIONS, ...options };
  if (!(merged.jitter >= 0 && merged.refreshAt - merged.jitter > 0 && merged.refreshAt + merged.jitter <= 0.9)) {
    throw new TypeError(
      `refresh options need 0 ≤ jitter and 0 < refreshAt ± jitter ≤ 0.9, got refreshAt ${merged.refreshAt}, jitter ${merged.jitter}`,
    );
  }
  if (!(merged.maxWaitMarginMs >= 0))
    throw new TypeError(`refresh option maxWaitMarginMs must be ≥ 0, got ${merged.maxWaitMarginMs}`);
  return merged;
}

interface HeldSession {
  tokens: SessionTokens;
  /** Local ms: start a background refresh from here. */
  refreshFromMs: number;
  /** Local ms: from here requests wait for the new token. */
  waitFromMs: number;
  /** Local ms: the token's end of life. */
  expiresAtMs: number;
}

/**
 * @example
 * const keeper = new SessionKeeper(source, tokens, requestedAtMs, runtime, refreshOptions());
 * const token = await keeper.accessToken();
 */
export class SessionKeeper implements Credential {
  /** A machine account's first call syncs it. */
  readonly syncOn428 = true;
  #held: HeldSession;
  #inFlight: Promise<HeldSession> | undefined;
  #backgroundRetryAtMs = 0;
  #refreshes = 0;
  readonly #source: SessionSource;
  readonly #runtime: ClientRuntime;
  readonly #options: RefreshOptions;
  readonly #onRefreshed: (expiresAtMs: number) => void;

  /**
   * `requestedAtMs`: the local time just before the sign-in that produced `tokens` was sent.
   * `onRefreshed` hears of every successful refresh.
   */
  constructor(
    source: SessionSource,
    tokens: SessionTokens,
    requestedAtMs: number,
    runtime: ClientRuntime,
    options: RefreshOptions,
    onRefreshed: (expiresAtMs: number) => void = () => undefined,
  ) {
    this.#source = source;
    this.#runtime = runtime;
    this.#options = options;
    this.#onRefreshed = onRefreshed;
    this.#held = this.#hold(tokens, requestedAtMs);
  }

  /** Successful refreshes so far. */
  get refreshCount(): number {
    return this.#refreshes;
  }

  /** The current token's local end of life (ms since the epoch). */
  get expiresAtMs(): number {
    return this.#held.expiresAtMs;
  }

  /** The current refresh token (for signing out). */
  get refreshToken(): string {
    return this.#held.tokens.refreshToken;
  }

  /** The token to send now; starts or awaits a refresh as the token's age requires. */
  async accessToken(): Promise<string> {
    const now = this.#runtime.now();
    const held = this.#held;
    if (now < held.refreshFromMs) return held.tokens.accessToken;
    if (now < held.waitFromMs) {
      this.#refreshInBackground(now);
      return held.tokens.accessToken;
    }
    return (await this.#refreshOnce()).tokens.accessToken;
  }

  /**
   * A token the API called expired: returns the token that replaced it, refreshing unless
   * another caller already did (or is doing) so.
   */
  async replaceRejected(rejectedToken: string): Promise<string> {
    if (this.#held.tokens.accessToken !== rejectedToken) return this.#held.tokens.accessToken;
    return (await this.#refreshOnce()).tokens.accessToken;
  }

  /** Refreshes now (joining a refresh already under way) and returns the new token. */
  async refresh(): Promise<string> {
    return (await this.#refreshOnce()).tokens.accessToken;
  }

  #refreshInBackground(now: number): void {
    if (this.#inFlight || now < this.#backgroundRetryAtMs) return;
    this.#refreshOnce().catch(() => {
      // The token is still valid: keep using it and try again a little later. If it runs out
      // first, the next request waits for a refresh of its own and sees the error.
      const held = this.#held;
      this.#backgroundRetryAtMs = this.#runtime.now() + Math.min(5_000, (held.expiresAtMs - held.refreshFromMs) / 4);
    });
  }

  #refreshOnce(): Promise<HeldSession> {
    this.#inFlight ??= this.#runRefresh().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #runRefresh(): Promise<HeldSession> {
    const requestedAt = this.#runtime.now();
    const tokens = await this.#source.refresh(this.#held.tokens.refreshToken);
    this.#held = this.#hold(tokens, requestedAt);
    this.#refreshes += 1;
    this.#onRefreshed(this.#held.expiresAtMs);
    return this.#held;
  }

  #hold(tokens: SessionTokens, requestedAtMs: number): HeldSession {
    const lifetimeMs = tokens.expiresInSeconds * 1000;
    const { refreshAt, jitter, maxWaitMarginMs } = this.#options;
    const fraction = refreshAt + jitter * (2 * this.#runtime.random() - 1);
    const expiresAtMs = requestedAtMs + lifetimeMs;
    // `exp` is in whole seconds, so a token can end up to 1 s before `expires_in` says: the
    // wait margin never drops below 1.5 s, whatever the lifetime, and requests wait from there
    // whatever the jitter drew (for a short lifetime the refresh then starts before `refreshAt`).
    const waitMarginMs = Math.min(maxWaitMarginMs, Math.max(lifetimeMs * 0.1, MIN_WAIT_MARGIN_MS));
    const waitFromMs = expiresAtMs - waitMarginMs;
    return {
      tokens,
      refreshFromMs: Math.min(requestedAtMs + lifetimeMs * fraction, waitFromMs),
      waitFromMs,
      expiresAtMs,
    };
  }
}
