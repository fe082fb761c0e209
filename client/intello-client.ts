/**
 * The automation client, with either credential: a machine account (`signIn`: sign in once,
 * tokens refreshed before they expire, the first call of a new account syncs it) or an org API
 * key (`withApiKey`: sent as it is, no refresh, no sync). Either way 429/503 are retried with
 * backoff and what cannot be handled surfaces as a typed error.
 */
import { ApiTransport, type ApiRequest, type TransportStats } from './api-transport';
import { ApiKeyCredential } from './credential';
import type { IntelloClientEventListener } from './events';
import { retryOptions, type RetryOptions } from './retry-policy';
import { systemRuntime, type ClientRuntime } from './runtime';
import { refreshOptions, SessionKeeper, type RefreshOptions } from './session-keeper';
import { createSupabaseAuth, type SupabaseAuth } from './supabase-auth';
import { SpecsApi } from './specs-api';
import type { Me, SyncResult } from './types';

export interface SignInOptions {
  /** The Supabase project URL, `https://<ref>.supabase.co`. */
  supabaseUrl: string;
  /** The project's publishable (anon) key. */
  supabaseKey: string;
  /** The Intello API's base URL (the stage URL, without `/api`). */
  apiUrl: string;
  /** The machine account's credentials. */
  email: string;
  password: string;
  retry?: Partial<RetryOptions>;
  refresh?: Partial<RefreshOptions>;
  /** Hears of refreshes, syncs and retries (for logs and metrics). */
  onEvent?: IntelloClientEventListener;
  /** Clock, sleep, randomness and fetch; the system's by default (tests inject their own). */
  runtime?: Partial<ClientRuntime>;
}

export interface ApiKeyOptions {
  /** The Intello API's base URL (the stage URL, without `/api`). */
  apiUrl: string;
  retry?: Partial<RetryOptions>;
  /** Hears of retries (for logs and metrics). */
  onEvent?: IntelloClientEventListener;
  /** Clock, sleep, randomness and fetch; the system's by default (tests inject their own). */
  runtime?: Partial<ClientRuntime>;
}

/** Counters since sign-in. */
export interface ClientStats extends TransportStats {
  /** Successful token refreshes. */
  refreshes: number;
}

const KNOWN_OPTIONS = new Set([
  'supabaseUrl',
  'supabaseKey',
  'apiUrl',
  'email',
  'password',
  'retry',
  'refresh',
  'onEvent',
  'runtime',
]);

const KNOWN_KEY_OPTIONS = new Set(['apiUrl', 'retry', 'onEvent', 'runtime']);

function validatedKeyOptions(options: ApiKeyOptions): void {
  for (const key of Object.keys(options))
    if (!KNOWN_KEY_OPTIONS.has(key)) throw new TypeError(`unknown option "${key}"`);
  if (typeof options.apiUrl !== 'string' || options.apiUrl === '') throw new TypeError('apiUrl is required');
  if (!URL.canParse(options.apiUrl)) throw new TypeError(`apiUrl must be an absolute URL, got "${options.apiUrl}"`);
}

function validated(options: SignInOptions): void {
  for (const key of Object.keys(options)) if (!KNOWN_OPTIONS.has(key)) throw new TypeError(`unknown option "${key}"`);
  for (const key of ['supabaseUrl', 'supabaseKey', 'apiUrl', 'email', 'password'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') throw new TypeError(`${key} is required`);
  }
  for (const key of ['supabaseUrl', 'apiUrl'] as const) {
    if (!URL.canParse(options[key])) throw new TypeError(`${key} must be an absolute URL, got "${options[key]}"`);
  }
}

/**
 * @example
 * const client = await IntelloClient.signIn({
 *   supabaseUrl: process.env.SUPABASE_URL!, supabaseKey: process.env.SUPABASE_ANON_KEY!,
 *   apiUrl: process.env.INTELLO_API_URL!,
 *   email: process.env.INTELLO_BOT_EMAIL!, password: process.env.INTELLO_BOT_PASSWORD!,
 * });
 * const { org } = await client.me();
 * const spec = await client.specs.create({ name: 'Billing API' });
 */
export class IntelloClient {
  /** `GET/POST/PATCH/DELETE /api/specs…`. */
  readonly specs: SpecsApi;
  /** The Supabase user id of the machine account; `undefined` with an org API key. */
  readonly userId: string | undefined;
  readonly #transport: ApiTransport;
  /** The machine account's session; `undefined` with an org API key. */
  readonly #session: { keeper: SessionKeeper; auth: SupabaseAuth } | undefined;

  private constructor(parts: {
    transport: ApiTransport;
    session: { keeper: SessionKeeper; auth: SupabaseAuth } | undefined;
    userId: string | undefined;
  }) {
    this.#transport = parts.transport;
    this.#session = parts.session;
    this.userId = parts.userId;
    this.specs = new SpecsApi((request) => this.#transport.send(request));
  }

  /**
   * A client that sends an org API key (`intello_sk_…`, created by an org admin with
   * `POST /api/org/api-keys`). Nothing is refreshed or synced: a revoked or expired key is a
   * 401 `IntelloApiError`, a route outside its scopes a 403 `insufficient_scope`. Retries and
   * typed errors are the same as with a machine account. Throws `TypeError` for a string that
   * is not a key or a missing or unknown option; no call is made.
   *
   * @example
   * const client = IntelloClient.withApiKey(process.env.INTELLO_API_KEY!, { apiUrl: process.env.INTELLO_API_URL! });
   * const page = await client.specs.list();
   */
  static withApiKey(key: string, options: ApiKeyOptions): IntelloClient {
    validatedKeyOptions(options);
    const credential = new ApiKeyCredential(key);
    const runtime: ClientRuntime = { ...systemRuntime(), ...options.runtime };
    const transport = new ApiTransport({
      apiUrl: options.apiUrl,
      credential,
      runtime,
      retry: retryOptions(options.retry),
      onEvent: options.onEvent ?? (() => undefined),
    });
    return new IntelloClient({ transport, session: undefined, userId: undefined });
  }

  /**
   * Signs the machine account in with supabase-js. Throws `IntelloAuthError` (e.g.
   * `invalid_credentials`) when Supabase refuses, `TypeError` for a missing or unknown option.
   * No API call is made: the account is synced on its first 428.
   */
  static async signIn(options: SignInOptions): Promise<IntelloClient> {
    validated(options);
    const runtime: ClientRuntime = { ...systemRuntime(), ...options.runtime };
    const onEvent = options.onEvent ?? (() => undefined);
    const auth = createSupabaseAuth({
      supabaseUrl: options.supabaseUrl,
      supabaseKey: options.supabaseKey,
      fetch: runtime.fetch,
    });
    const retry = retryOptions(options.retry);
    const refresh = refreshOptions(options.refresh);
    const requestedAt = runtime.now();
    const { userId, ...tokens } = await auth.signIn(options.email, options.password);
    const keeper = new SessionKeeper(auth, tokens, requestedAt, runtime, refresh, (expiresAtMs) =>
      onEvent({ type: 'refreshed', expiresAt: new Date(expiresAtMs) }),
    );
    const transport = new ApiTransport({ apiUrl: options.apiUrl, credential: keeper, runtime, retry, onEvent });
    return new IntelloClient({ transport, session: { keeper, auth }, userId });
  }

  /** `GET /api/me`: the machine account and its org (with an org API key, the answer is `{apiKey, org}`: use `request`). */
  me(): Promise<Me> {
    return this.#transport.send<Me>({ method: 'GET', path: '/api/me' });
  }

  /**
   * Any API call, with the same token, sync and retry handling as the typed methods.
   *
   * @example
   * const page = await client.request<SpecPage>({ method: 'GET', path: '/api/specs', query: { limit: 5 } });
   */
  request<T = unknown>(request: ApiRequest): Promise<T> {
    return this.#transport.send<T>(request);
  }

  /** `POST /auth/sync` now. Not needed in general: the first 428 `user_not_synced` does it. */
  async sync(): Promise<SyncResult> {
    const { status, body } = await this.#transport.sync();
    return { created: status === 201, ...(body as Omit<SyncResult, 'created'>) };
  }

  /** Refreshes the access token now (joining a refresh under way); nothing to do with an org API key. */
  async refreshSession(): Promise<void> {
    await this.#session?.keeper.refresh();
  }

  /**
   * Ends this session at Supabase; the client must not be used afterwards. Nothing to do with an
   * org API key: an org admin revokes it (`DELETE /api/org/api-keys/{keyId}`).
   */
  async signOut(): Promise<void> {
    if (this.#session) await this.#session.auth.signOut(await this.#session.keeper.accessToken());
  }

  /** Counters since sign-in: requests, retries, syncs, token rejections and refreshes. */
  get stats(): ClientStats {
    return { ...this.#transport.stats, refreshes: this.#session?.keeper.refreshCount ?? 0 };
  }

  /** When the current access token expires, on the local clock; `undefined` with an org API key. */
  get accessTokenExpiresAt(): Date | undefined {
    return this.#session ? new Date(this.#session.keeper.expiresAtMs) : undefined;
  }
}
