import type { AuthEmulator } from '../../../local/auth/server';
import { IntelloAuthError } from '../../../client/errors';
import type { ClientRuntime } from '../../../client/runtime';
import { refreshOptions, SessionKeeper } from '../../../client/session-keeper';
import { createSupabaseAuth } from '../../../client/supabase-auth';
import { ManualClock, newMachineAccount, startEmulator } from './harness';

const TTL_SECONDS = 3600;
const TTL_MS = TTL_SECONDS * 1000;
let emulator: AuthEmulator;

beforeAll(async () => {
  emulator = await startEmulator(TTL_SECONDS);
});

afterAll(async () => {
  await emulator.close();
});

/** A keeper over a fresh machine account on the real emulator, on a manual clock; refreshes are counted on the wire. */
async function keeperFor(
  options: { random?: number; refresh?: Parameters<typeof refreshOptions>[0]; expiresInSeconds?: number } = {},
) {
  const clock = new ManualClock();
  const wire = { refreshes: 0 };
  const fetchFn: typeof fetch = (input, init) => {
    if (String(input).includes('grant_type=refresh_token')) wire.refreshes += 1;
    return globalThis.fetch(input, init);
  };
  const runtime: ClientRuntime = { ...clock.runtime(), random: () => options.random ?? 0.5, fetch: fetchFn };
  const auth = createSupabaseAuth({ supabaseUrl: emulator.url, supabaseKey: emulator.anonKey, fetch: fetchFn });
  const account = await newMachineAccount(emulator);
  const signedInAt = clock.nowMs;
  const { userId: _userId, ...signedIn } = await auth.signIn(account.email, account.password);
  const tokens = { ...signedIn, expiresInSeconds: options.expiresInSeconds ?? signedIn.expiresInSeconds };
  const refreshed: number[] = [];
  const attempts: { count: number; last?: Promise<unknown> } = { count: 0 };
  const source = {
    refresh: (refreshToken: string) => {
      attempts.count += 1;
      const refreshed = auth.refresh(refreshToken);
      attempts.last = refreshed;
      return refreshed;
    },
  };
  const keeper = new SessionKeeper(
    source,
    tokens,
    signedInAt,
    runtime,
    refreshOptions(options.refresh),
    (expiresAtMs) => refreshed.push(expiresAtMs),
  );
  return { keeper, clock, wire, tokens, refreshed, account, attempts };
}

/**
 * Ends every session of the token's user (GoTrue's global sign-out), so its refresh token is
 * refused. Reusing the refresh token elsewhere no longer does: GoTrue, and so the emulator,
 * forgives a reuse within its interval or of the current token's parent.
 */
async function revokeSessions(accessToken: string): Promise<void> {
  const reply = await fetch(`${emulator.url}/auth/v1/logout?scope=global`, {
    method: 'POST',
    headers: { apikey: emulator.anonKey, authorization: `Bearer ${accessToken}` },
  });
  expect(reply.status).toBe(204);
}

/** Lets a background refresh (a real HTTP round trip to the emulator) finish. */
async function settle(keeper: SessionKeeper, count: number): Promise<void> {
  for (let i = 0; i < 200 && keeper.refreshCount < count; i += 1)
    await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('SessionKeeper', () => {
  it('hands out the sign-in token without refreshing before 80 % of its lifetime', async () => {
    const { keeper, clock, wire, tokens } = await keeperFor();

    clock.advance(TTL_MS * 0.8 - 1);
    const token = await keeper.accessToken();

    expect(token).toBe(tokens.accessToken);
    expect(wire.refreshes).toBe(0);
  });

  it('starts one background refresh at 80 % and keeps handing out the still-valid token meanwhile', async () => {
    const { keeper, clock, wire, tokens, refreshed } = await keeperFor();

    clock.advance(TTL_MS * 0.8);
    const during = await Promise.all([keeper.accessToken(), keeper.accessToken(), keeper.accessToken()]);
    await settle(keeper, 1);
    const after = await keeper.accessToken();

    expect(during).toEqual([tokens.accessToken, tokens.accessToken, tokens.accessToken]);
    expect(after).not.toBe(tokens.accessToken);
    expect(wire.refreshes).toBe(1);
    expect(refreshed).toEqual([clock.nowMs + TTL_MS]);
  });

  it('spreads the refresh over 80 % ± 5 % of the lifetime with the random draw', async () => {
    const early = await keeperFor({ random: 0 });
    const late = await keeperFor({ random: 0.999 });

    early.clock.advance(TTL_MS * 0.75);
    late.clock.advance(TTL_MS * 0.849);
    await early.keeper.accessToken();
    await late.keeper.accessToken();
    await settle(early.keeper, 1);

    expect(early.wire.refreshes).toBe(1);
    expect(late.wire.refreshes).toBe(0);
  });

  it('makes callers wait for the new token in the last 30 s before expiry', async () => {
    const { keeper, clock, wire, tokens } = await keeperFor();

    clock.advance(TTL_MS - 29_000);
    const token = await keeper.accessToken();

    expect(token).not.toBe(tokens.accessToken);
    expect(keeper.refreshCount).toBe(1);
    expect(wire.refreshes).toBe(1);
  });

  it('makes callers wait from 1.5 s before expiry of a short-lived token even when the jitter draws a later refresh', async () => {
    // 6 s at 85 %: a refresh from 5.1 s, while `exp`, in whole seconds, may fall as early as 5 s.
    const { keeper, clock, tokens } = await keeperFor({ random: 0.999, expiresInSeconds: 6 });

    clock.advance(4_600);
    const token = await keeper.accessToken();

    expect(token).not.toBe(tokens.accessToken);
    expect(keeper.refreshCount).toBe(1);
  });

  it('serves 20 concurrent callers at the moment of expiry with one refresh', async () => {
    const { keeper, clock, wire, tokens, attempts } = await keeperFor();

    clock.advance(TTL_MS);
    const handed = await Promise.all(Array.from({ length: 20 }, () => keeper.accessToken()));

    expect(new Set(handed).size).toBe(1);
    expect(handed[0]).not.toBe(tokens.accessToken);
    // supabase-js also merges concurrent refreshes; the keeper must not rely on it.
    expect(attempts.count).toBe(1);
    expect(keeper.refreshCount).toBe(1);
    expect(wire.refreshes).toBe(1);
  });

  it('replaces a rejected token once however many callers report it', async () => {
    const { keeper, wire, tokens, attempts } = await keeperFor();

    const replacements = await Promise.all(
      Array.from({ length: 20 }, () => keeper.replaceRejected(tokens.accessToken)),
    );
    const late = await keeper.replaceRejected(tokens.accessToken);

    expect(new Set([...replacements, late]).size).toBe(1);
    expect(late).not.toBe(tokens.accessToken);
    expect(attempts.count).toBe(1);
    expect(wire.refreshes).toBe(1);
  });

  it('surfaces a refused refresh as IntelloAuthError when the token has run out', async () => {
    const { keeper, clock, tokens } = await keeperFor();
    await revokeSessions(tokens.accessToken);

    clock.advance(TTL_MS);
    const refused = keeper.accessToken();

    await expect(refused).rejects.toThrow(IntelloAuthError);
    await expect(refused).rejects.toMatchObject({ operation: 'refresh', status: 400, code: 'refresh_token_not_found' });
  });

  it('keeps the valid token when a background refresh fails, and tries again only after a pause', async () => {
    const { keeper, clock, tokens, attempts } = await keeperFor();
    await revokeSessions(tokens.accessToken);

    clock.advance(TTL_MS * 0.8);
    const first = await keeper.accessToken();
    await attempts.last?.catch(() => undefined);
    // The keeper handles the failure in promise callbacks, which all run before the next macrotask.
    await new Promise((resolve) => setImmediate(resolve));
    const second = await keeper.accessToken();
    const attemptsDuringPause = attempts.count;
    clock.advance(5_000);
    const third = await keeper.accessToken();

    expect([first, second, third]).toEqual([tokens.accessToken, tokens.accessToken, tokens.accessToken]);
    expect(attemptsDuringPause).toBe(1);
    expect(attempts.count).toBe(2);
    expect(keeper.refreshCount).toBe(0);
  });
});

describe('refreshOptions', () => {
  it('rejects an unknown option', () => {
    expect(() => refreshOptions({ refreshAfter: 0.5 } as never)).toThrow(
      'unknown refresh option "refreshAfter" (known: refreshAt, jitter, maxWaitMarginMs)',
    );
  });

  it('rejects a schedule that could refresh after 90 % of the lifetime', () => {
    expect(() => refreshOptions({ refreshAt: 0.9 })).toThrow(
      'refresh options need 0 ≤ jitter and 0 < refreshAt ± jitter ≤ 0.9, got refreshAt 0.9, jitter 0.05',
    );
  });
});
