/**
 * The client's end-to-end tests run `startLocalStack` as `npm start` does (free ports, a
 * temporary `LOCAL_DIR`, the shared fingerprinted synth in `cdk.out/`, taken under the stack's
 * synth lock), with two test settings: access tokens that live `ttlSeconds`
 * (`LOCAL_ACCESS_TOKEN_TTL`), and `AUTH_CLOCK_SKEW_SECONDS=1` in the functions, so that the API
 * rejects an expired token after 1 s instead of the production 30 s leeway that would hide a
 * late refresh.
 *
 * Every request the client makes goes through {@link wireRecorder}: it counts the refresh calls
 * that reach the auth emulator and, for every API request, checks the bearer token's `exp`
 * against the clock at the moment it is sent.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import { IntelloClient, type SignInOptions } from '../../../client';
import type { LocalStack } from '../../../local/stack';
import { E2E_CLOCK_SKEW_SECONDS, E2E_START_TIMEOUT_MS, startE2eStack, type E2eStack } from '../support/e2e-stack';

export const START_TIMEOUT_MS = E2E_START_TIMEOUT_MS;
export const CLOCK_SKEW_SECONDS = E2E_CLOCK_SKEW_SECONDS;
export const PASSWORD = 'correct horse battery';

export type ClientStack = E2eStack;

/**
 * The e2e stack with access tokens that live `ttlSeconds`.
 *
 * @example
 * const stack = await startClientStack({ ttlSeconds: 6 });
 * await stack.stop();
 */
export function startClientStack({ ttlSeconds }: { ttlSeconds: number }): Promise<ClientStack> {
  return startE2eStack({ accessTokenTtlSeconds: ttlSeconds });
}

/** Signs a new Supabase user up on the stack's auth emulator: a machine account Intello has never seen. */
export async function newMachineAccount(stack: LocalStack): Promise<{ email: string; password: string }> {
  const email = `bot-${randomUUID().slice(0, 8)}@example.com`;
  const supabase = createClient(stack.endpoints.supabaseUrl, stack.endpoints.supabaseAnonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await supabase.auth.signUp({ email, password: PASSWORD });
  if (error) throw error;
  return { email, password: PASSWORD };
}

export interface Wire {
  fetch: typeof fetch;
  /** `POST /auth/v1/token?grant_type=refresh_token` calls that reached the emulator. */
  refreshes: number;
  /** API requests sent. */
  apiRequests: number;
  /** API requests whose bearer token had expired (by its `exp`) when they were sent. */
  sentExpired: Array<{ path: string; exp: number; sentAt: number }>;
  /** Refresh calls and API requests (with their bearer token) in the order they were sent. */
  log: Array<{ kind: 'refresh' } | { kind: 'api'; token: string }>;
}

/** A `fetch` that observes the wire, see the file comment. */
export function wireRecorder(apiUrl: string): Wire {
  const wire: Wire = {
    refreshes: 0,
    apiRequests: 0,
    sentExpired: [],
    log: [],
    fetch: async (input, init) => {
      const url = new URL(String(input));
      if (url.pathname.endsWith('/auth/v1/token') && url.searchParams.get('grant_type') === 'refresh_token') {
        wire.refreshes += 1;
        wire.log.push({ kind: 'refresh' });
      }
      if (String(input).startsWith(apiUrl)) {
        wire.apiRequests += 1;
        const token = new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '');
        wire.log.push({ kind: 'api', token: token ?? '' });
        const exp = token ? decodeJwt(token).exp : undefined;
        const sentAt = Date.now() / 1000;
        if (exp === undefined || exp <= sentAt) wire.sentExpired.push({ path: url.pathname, exp: exp ?? 0, sentAt });
      }
      return globalThis.fetch(input, init);
    },
  };
  return wire;
}

/** Signs `account` in with the client under test, observed by `wire`. */
export function signIn(
  stack: LocalStack,
  account: { email: string; password: string },
  wire: Wire,
  extra: Partial<SignInOptions> = {},
): Promise<IntelloClient> {
  return IntelloClient.signIn({
    supabaseUrl: stack.endpoints.supabaseUrl,
    supabaseKey: stack.endpoints.supabaseAnonKey,
    apiUrl: stack.endpoints.publicApiUrl,
    ...account,
    ...extra,
    runtime: { ...extra.runtime, fetch: wire.fetch },
  });
}
