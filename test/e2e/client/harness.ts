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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import { IntelloClient, type SignInOptions } from '../../../client';
import { PROJECT_ROOT } from '../../../lib/lambda-function';
import { loadLocalConfig } from '../../../local/config';
import { startLocalStack, type LocalStack } from '../../../local/stack';

/** A cold synth on a loaded 2-core machine takes minutes; a reused one seconds. */
export const START_TIMEOUT_MS = 6 * 60_000;
export const CLOCK_SKEW_SECONDS = 1;
export const PASSWORD = 'correct horse battery';

export interface ClientStack extends LocalStack {
  /** The stack's `LOCAL_DIR` (it holds `endpoints.json`, as `npm start` writes it). */
  localDir: string;
  stop(): Promise<void>;
}

/**
 * @example
 * const stack = await startClientStack({ ttlSeconds: 6 });
 * await stack.stop();
 */
export async function startClientStack({ ttlSeconds }: { ttlSeconds: number }): Promise<ClientStack> {
  const localDir = mkdtempSync(path.join(tmpdir(), 'intello-client-e2e-'));
  const config = loadLocalConfig({
    LOCAL_API_PORT: '0',
    LOCAL_INTERNAL_API_PORT: '0',
    LOCAL_AUTH_PORT: '0',
    LOCAL_DATA_API_PORT: '0',
    LOCAL_DIR: localDir,
    LOCAL_CDK_OUT: process.env.LOCAL_CDK_OUT || path.join(PROJECT_ROOT, 'cdk.out'),
    LOCAL_ACCESS_TOKEN_TTL: String(ttlSeconds),
  });
  config.functionEnvironment = { AUTH_CLOCK_SKEW_SECONDS: String(CLOCK_SKEW_SECONDS) };
  let stack: LocalStack;
  try {
    stack = await startLocalStack(config);
  } catch (error) {
    rmSync(localDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...stack,
    localDir,
    async stop() {
      await stack.close();
      rmSync(localDir, { recursive: true, force: true });
    },
  };
}

/** Signs a new Supabase user up on the stack's auth emulator: a machine account Intello has never seen. */
export async function newMachineAccount(stack: LocalStack): Promise<{ email: string; password: string }> {
  const email = `bot-${randomUUID().slice(0, 8)}@example.com`;
  const supabase = createClient(stack.endpoints.supabaseUrl, stack.endpoints.supabaseAnonKey, { auth: { persistSession: false, autoRefreshToken: false } });
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
export function signIn(stack: LocalStack, account: { email: string; password: string }, wire: Wire, extra: Partial<SignInOptions> = {}): Promise<IntelloClient> {
  return IntelloClient.signIn({
    supabaseUrl: stack.endpoints.supabaseUrl,
    supabaseKey: stack.endpoints.supabaseAnonKey,
    apiUrl: stack.endpoints.publicApiUrl,
    ...account,
    ...extra,
    runtime: { ...extra.runtime, fetch: wire.fetch },
  });
}
