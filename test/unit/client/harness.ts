/**
 * Shared parts of the client's unit tests: the real Supabase Auth emulator (in memory, on a
 * loopback port) driven by the real supabase-js, a manual clock whose `sleep` records the delay
 * and moves time on, and a scripted stand-in for the Intello API.
 *
 * The scripted API is a fake `fetch` on purpose: the faults under test (a 503 sequence, a
 * Retry-After, a server that calls a fresh-looking token expired, a dropped connection) cannot
 * be produced on demand by the real stack. The end-to-end tests in test/e2e/client run the same
 * client against the real stack.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { startAuthEmulator, type AuthEmulator } from '../../../local/auth/server';
import { IntelloClient, type SignInOptions } from '../../../client';
import type { ClientRuntime } from '../../../client/runtime';

export const API_URL = 'https://api.intello.test';
export const PASSWORD = 'correct horse battery';

export async function startEmulator(accessTokenTtlSeconds = 3600): Promise<AuthEmulator> {
  return startAuthEmulator({ accessTokenTtlSeconds });
}

/** Signs a new user up on the emulator and returns its credentials. */
export async function newMachineAccount(emulator: AuthEmulator): Promise<{ email: string; password: string }> {
  const email = `bot-${randomUUID().slice(0, 8)}@example.com`;
  const supabase = createClient(emulator.url, emulator.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await supabase.auth.signUp({ email, password: PASSWORD });
  if (error) throw error;
  return { email, password: PASSWORD };
}

/** A clock that moves only when told to, or when the client sleeps. */
export class ManualClock {
  nowMs = Date.parse('2026-11-29T12:00:00.000Z');
  readonly sleeps: number[] = [];

  advance(ms: number): void {
    this.nowMs += ms;
  }

  runtime(): Pick<ClientRuntime, 'now' | 'sleep'> {
    return {
      now: () => this.nowMs,
      sleep: async (ms) => {
        this.sleeps.push(ms);
        this.nowMs += ms;
      },
    };
  }
}

/** What the scripted API saw of one request. */
export interface SeenRequest {
  method: string;
  path: string;
  search: string;
  token: string | undefined;
  body: unknown;
}

export type ApiScript = (request: SeenRequest, seen: SeenRequest[]) => Response | Promise<Response>;

/** A JSON response as the API writes it. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The API's error envelope. */
export function apiError(status: number, code: string, message = code, headers: Record<string, string> = {}): Response {
  return json(status, { error: { code, message, requestId: `req-${randomUUID().slice(0, 8)}` } }, headers);
}

/**
 * A `fetch` that sends Supabase calls to the real emulator (counting refreshes on the wire) and
 * answers Intello API calls with `script`.
 */
export function routedFetch(script: ApiScript) {
  const seen: SeenRequest[] = [];
  const wire = { refreshes: 0 };
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== API_URL) {
      if (url.pathname.endsWith('/token') && url.searchParams.get('grant_type') === 'refresh_token')
        wire.refreshes += 1;
      return globalThis.fetch(input, init);
    }
    const headers = new Headers(init?.headers);
    const request: SeenRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      search: url.search,
      token: headers.get('authorization')?.replace(/^Bearer /, ''),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    seen.push(request);
    return script(request, seen);
  };
  return { fetch: fetchFn, seen, wire };
}

/** Signs a new machine account in with the client under test, against `script`. */
export async function signedInClient(
  emulator: AuthEmulator,
  script: ApiScript,
  options: { clock?: ManualClock; random?: () => number } & Partial<
    Pick<SignInOptions, 'retry' | 'refresh' | 'onEvent'>
  > = {},
) {
  const clock = options.clock ?? new ManualClock();
  const routed = routedFetch(script);
  const account = await newMachineAccount(emulator);
  const client = await IntelloClient.signIn({
    supabaseUrl: emulator.url,
    supabaseKey: emulator.anonKey,
    apiUrl: API_URL,
    ...account,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.refresh ? { refresh: options.refresh } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    runtime: { ...clock.runtime(), random: options.random ?? (() => 0.5), fetch: routed.fetch },
  });
  return { client, clock, ...routed };
}
