/**
 * Sends one API call and deals with everything between the caller and a usable answer:
 * the bearer value (from the {@link Credential}: a fresh session token, or an org API key),
 * 401 `token_expired` (renew once if the credential can, send once more), 428 `user_not_synced`
 * (sync once if the credential syncs, send once more), 429/503 and network failures (backoff,
 * see `retry-policy.ts`). Everything else surfaces as an `IntelloApiError`.
 */
import { apiErrorFromResponse } from './error-response';
import { IntelloNetworkError, type IntelloApiError } from './errors';
import type { IntelloClientEventListener } from './events';
import { isRetryableStatus, isSafeMethod, parseRetryAfter, retryDelayMs, type RetryOptions } from './retry-policy';
import type { ClientRuntime } from './runtime';
import type { Credential } from './credential';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** One call of the generic {@link ApiTransport.send}. */
export interface ApiRequest {
  method: HttpMethod;
  /** From the API's root, starting with `/`: `/api/specs`. */
  path: string;
  /** Undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

/** Counters since sign-in. */
export interface TransportStats {
  /** HTTP requests sent to the API, retries and syncs included. */
  requests: number;
  /** Sends repeated after 429, 503 or a network failure. */
  retries: number;
  /** `POST /auth/sync` calls made after a 428. */
  syncs: number;
  /** Calls answered 401 `token_expired` and sent again with a new token. */
  tokenRejections: number;
}

export interface ApiTransportDeps {
  apiUrl: string;
  credential: Credential;
  runtime: ClientRuntime;
  retry: RetryOptions;
  onEvent: IntelloClientEventListener;
}

type Outcome = { kind: 'ok'; response: Response } | { kind: 'error'; error: IntelloApiError; response: Response };

/**
 * @example
 * const transport = new ApiTransport({ apiUrl, credential: keeper, runtime, retry: retryOptions(), onEvent: () => undefined });
 * const me = await transport.send<Me>({ method: 'GET', path: '/api/me' });
 */
export class ApiTransport {
  readonly #deps: ApiTransportDeps;
  readonly #stats: TransportStats = { requests: 0, retries: 0, syncs: 0, tokenRejections: 0 };
  #syncInFlight: Promise<void> | undefined;
  /** Bumped after every sync, so a 428 for a request sent before it retries without syncing again. */
  #syncGeneration = 0;

  constructor(deps: ApiTransportDeps) {
    this.#deps = deps;
  }

  get stats(): Readonly<TransportStats> {
    return { ...this.#stats };
  }

  /** Sends `request`; resolves with the parsed JSON body (undefined for 204 or an empty body). */
  async send<T>(request: ApiRequest): Promise<T> {
    return (await this.#exchange(request, true)).body as T;
  }

  /** `POST /auth/sync` now; a 428 of its own is not answered with another sync. */
  async sync(): Promise<{ status: number; body: unknown }> {
    this.#stats.syncs += 1;
    const result = await this.#exchange({ method: 'POST', path: '/auth/sync' }, false);
    this.#syncGeneration += 1;
    this.#deps.onEvent({ type: 'synced', status: result.status });
    return result;
  }

  async #exchange(request: ApiRequest, allowSync: boolean): Promise<{ status: number; body: unknown }> {
    const url = this.#url(request);
    let retries = 0;
    let tokenReplaced = false;
    let synced = false;
    for (;;) {
      const token = await this.#deps.credential.accessToken();
      const syncGeneration = this.#syncGeneration;
      let outcome: Outcome;
      try {
        outcome = await this.#sendOnce(request, url, token);
      } catch (error) {
        if (request.signal?.aborted || !isSafeMethod(request.method) || retries >= this.#deps.retry.maxRetries) {
          throw request.signal?.aborted
            ? error
            : new IntelloNetworkError({ method: request.method, url }, { cause: error });
        }
        await this.#backoff(request, 'network_error', retries++, undefined);
        continue;
      }
      if (outcome.kind === 'ok') return { status: outcome.response.status, body: await readBody(outcome.response) };

      const { error, response } = outcome;
      const { credential } = this.#deps;
      if (error.status === 401 && error.code === 'token_expired' && !tokenReplaced && credential.replaceRejected) {
        tokenReplaced = true;
        this.#stats.tokenRejections += 1;
        this.#deps.onEvent({ type: 'token_rejected', method: request.method, path: request.path });
        await credential.replaceRejected(token);
        continue;
      }
      if (error.status === 428 && error.code === 'user_not_synced' && allowSync && credential.syncOn428 && !synced) {
        synced = true;
        await this.#syncSince(syncGeneration);
        continue;
      }
      if (isRetryableStatus(error.status) && retries < this.#deps.retry.maxRetries) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#deps.runtime.now());
        if (retryAfterMs === undefined || retryAfterMs <= this.#deps.retry.maxRetryAfterMs) {
          await this.#backoff(
            request,
            error.status === 429 ? 'rate_limited' : 'service_unavailable',
            retries++,
            retryAfterMs,
          );
          continue;
        }
      }
      throw error;
    }
  }

  /**
   * `POST /auth/sync` once for every caller waiting on it; resolves when the caller's users row
   * exists. A caller whose 428 predates a finished sync just sends again.
   */
  async #syncSince(generation: number): Promise<void> {
    if (generation !== this.#syncGeneration) return;
    this.#syncInFlight ??= this.sync()
      .then(() => undefined)
      .finally(() => {
        this.#syncInFlight = undefined;
      });
    await this.#syncInFlight;
  }

  async #sendOnce(request: ApiRequest, url: string, token: string): Promise<Outcome> {
    this.#stats.requests += 1;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.#deps.runtime.fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    });
    if (response.ok) return { kind: 'ok', response };
    return { kind: 'error', error: await apiErrorFromResponse(response), response };
  }

  async #backoff(
    request: ApiRequest,
    reason: 'rate_limited' | 'service_unavailable' | 'network_error',
    retry: number,
    retryAfterMs: number | undefined,
  ): Promise<void> {
    const delayMs = retryDelayMs(retry, retryAfterMs, this.#deps.retry, this.#deps.runtime.random) ?? 0;
    this.#stats.retries += 1;
    this.#deps.onEvent({
      type: 'retrying',
      method: request.method,
      path: request.path,
      reason,
      retry: retry + 1,
      delayMs,
    });
    await this.#deps.runtime.sleep(delayMs);
  }

  #url(request: ApiRequest): string {
    if (!request.path.startsWith('/')) throw new TypeError(`path must start with "/", got "${request.path}"`);
    const url = new URL(this.#deps.apiUrl.replace(/\/+$/, '') + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  return text === '' ? undefined : JSON.parse(text);
}
