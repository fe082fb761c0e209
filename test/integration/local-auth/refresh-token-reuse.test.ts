/**
 * GoTrue's refresh-token reuse rules (v1 tokens), driven by the emulator's clock rather than by
 * sleeping: a spent token is forgiven when it is the parent of the session's current token, or
 * when it was spent less than the reuse interval (10 s) ago; any other replay revokes the family.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { startAuthEmulator, type AuthEmulator } from '../../../local/auth/server';
import { PASSWORD, supabaseFor, uniqueEmail } from './harness';

let emulator: AuthEmulator;
let offsetMs = 0;
const advance = (seconds: number) => {
  offsetMs += seconds * 1000;
};

beforeAll(async () => {
  emulator = await startAuthEmulator({ now: () => new Date(Date.now() + offsetMs) });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  offsetMs = 0;
});

async function signedUp(): Promise<{ client: SupabaseClient; refreshToken: string; userId: string }> {
  const client = supabaseFor(emulator);
  const { data, error } = await client.auth.signUp({ email: uniqueEmail('reuse'), password: PASSWORD });
  if (error) throw error;
  return { client, refreshToken: data.session!.refresh_token, userId: data.user!.id };
}

const refresh = (refreshToken: string) => supabaseFor(emulator).auth.refreshSession({ refresh_token: refreshToken });

describe('refresh-token reuse', () => {
  it('answers two concurrent refreshes with one token with one session: the same new refresh token', async () => {
    const { refreshToken, userId } = await signedUp();

    const [first, second] = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);

    expect(first.error).toBeNull();
    expect(second.error).toBeNull();
    expect(second.data.session!.refresh_token).toBe(first.data.session!.refresh_token);
    expect(second.data.session!.refresh_token).not.toBe(refreshToken);
    expect(second.data.user!.id).toBe(userId);
    const next = await refresh(first.data.session!.refresh_token);
    expect(next.error).toBeNull();
  });

  it('answers a token spent by a concurrent refresh with the current token even past the interval, as GoTrue', async () => {
    const { refreshToken } = await signedUp();
    const first = await refresh(refreshToken);

    advance(60);
    const late = await refresh(refreshToken);

    expect(late.error).toBeNull();
    expect(late.data.session!.refresh_token).toBe(first.data.session!.refresh_token);
  });

  it('inside the interval, forgives a token whose child was spent too, with a new refresh token', async () => {
    const { refreshToken } = await signedUp();
    const child = await refresh(refreshToken);
    const grandchild = await refresh(child.data.session!.refresh_token);

    advance(9);
    const replay = await refresh(refreshToken);

    expect(replay.error).toBeNull();
    expect(replay.data.session!.refresh_token).not.toBe(grandchild.data.session!.refresh_token);
    expect((await refresh(grandchild.data.session!.refresh_token)).error).toBeNull();
  });

  it('outside the interval, treats the same replay as theft: refresh_token_already_used and the family revoked', async () => {
    const { client, refreshToken } = await signedUp();
    const child = await refresh(refreshToken);
    const grandchild = await refresh(child.data.session!.refresh_token);

    advance(11);
    const replay = await refresh(refreshToken);
    advance(11);
    const holder = await refresh(grandchild.data.session!.refresh_token);

    expect(replay.error).toMatchObject({
      code: 'refresh_token_already_used',
      status: 400,
      message: 'Invalid Refresh Token: Already Used',
    });
    expect(holder.error).toMatchObject({ code: 'refresh_token_already_used', status: 400 });
    expect((await client.auth.getUser()).error).toBeNull();
  });

  it('outside the interval, refuses both of two concurrent replays of a superseded token', async () => {
    const { refreshToken } = await signedUp();
    const child = await refresh(refreshToken);
    await refresh(child.data.session!.refresh_token);

    advance(11);
    const [one, two] = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);

    expect(one.error).toMatchObject({ code: 'refresh_token_already_used' });
    expect(two.error).toMatchObject({ code: 'refresh_token_already_used' });
  });
});

describe('the reuse interval option', () => {
  it('makes every superseded replay theft when set to 0', async () => {
    const strict = await startAuthEmulator({
      refreshTokenReuseIntervalSeconds: 0,
      now: () => new Date(Date.now() + offsetMs),
    });
    try {
      const client = supabaseFor(strict);
      const { data } = await client.auth.signUp({ email: uniqueEmail('strict'), password: PASSWORD });
      const refreshOn = (token: string) => supabaseFor(strict).auth.refreshSession({ refresh_token: token });
      const child = await refreshOn(data.session!.refresh_token);
      await refreshOn(child.data.session!.refresh_token);

      advance(0.001);
      const replay = await refreshOn(data.session!.refresh_token);

      expect(replay.error).toMatchObject({ code: 'refresh_token_already_used' });
    } finally {
      await strict.close();
    }
  });

  it('refuses a negative interval', async () => {
    await expect(startAuthEmulator({ refreshTokenReuseIntervalSeconds: -1 })).rejects.toThrow(
      'refreshTokenReuseIntervalSeconds must be a non-negative integer, got -1',
    );
  });
});
