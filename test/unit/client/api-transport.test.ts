/**
 * The call pipeline, driven through the public client against the real auth emulator and a
 * scripted API (a fake fetch, see harness.ts: these faults cannot be produced on demand by the
 * real stack).
 */
import type { AuthEmulator } from '../../../local/auth/server';
import { IntelloApiError, IntelloNetworkError, type IntelloClientEvent } from '../../../client';
import { apiError, json, signedInClient, startEmulator, type SeenRequest } from './harness';

let emulator: AuthEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

const ME = { user: { id: 'u', email: 'bot@example.com', role: 'owner' }, org: { id: 'o', name: 'Bots', plan: 'free' } };
const route = (r: SeenRequest) => `${r.method} ${r.path}`;

describe('sync on the first 428', () => {
  it('calls POST /auth/sync once and sends the call again', async () => {
    let synced = false;
    const { client, seen } = await signedInClient(emulator, (r) => {
      if (r.path === '/auth/sync') {
        synced = true;
        return json(201, ME);
      }
      return synced ? json(200, ME) : apiError(428, 'user_not_synced');
    });

    const me = await client.me();

    expect(me).toEqual(ME);
    expect(seen.map(route)).toEqual(['GET /api/me', 'POST /auth/sync', 'GET /api/me']);
    expect(client.stats.syncs).toBe(1);
  });

  it('surfaces the second 428 instead of syncing again', async () => {
    const { client, seen } = await signedInClient(emulator, (r) =>
      r.path === '/auth/sync' ? json(200, ME) : apiError(428, 'user_not_synced', 'user account not synced'),
    );

    const call = client.me();

    await expect(call).rejects.toThrow(IntelloApiError);
    await expect(call).rejects.toMatchObject({
      status: 428,
      code: 'user_not_synced',
      message: 'user account not synced',
    });
    expect(seen.map(route)).toEqual(['GET /api/me', 'POST /auth/sync', 'GET /api/me']);
  });

  it('shares one sync among 20 parallel first calls', async () => {
    let synced = false;
    const { client, seen } = await signedInClient(emulator, async (r) => {
      if (r.path === '/auth/sync') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        synced = true;
        return json(201, ME);
      }
      return synced ? json(200, ME) : apiError(428, 'user_not_synced');
    });

    const results = await Promise.all(Array.from({ length: 20 }, () => client.me()));

    expect(results).toHaveLength(20);
    expect(seen.filter((r) => r.path === '/auth/sync')).toHaveLength(1);
    expect(seen.filter((r) => r.path === '/api/me')).toHaveLength(40);
  });

  it('does not sync again for a 428 that predates a finished sync', async () => {
    let synced = false;
    let releaseStraggler!: () => void;
    const straggler = new Promise<void>((resolve) => (releaseStraggler = resolve));
    let meCalls = 0;
    const { client, seen } = await signedInClient(emulator, async (r) => {
      if (r.path === '/auth/sync') {
        synced = true;
        return json(201, ME);
      }
      meCalls += 1;
      if (meCalls === 2) {
        await straggler;
        return apiError(428, 'user_not_synced');
      }
      return synced ? json(200, ME) : apiError(428, 'user_not_synced');
    });

    const first = client.me();
    const second = client.me();
    await first;
    releaseStraggler();
    await second;

    expect(seen.filter((r) => r.path === '/auth/sync')).toHaveLength(1);
  });

  it('returns whether sync created the user when called explicitly', async () => {
    const { client } = await signedInClient(emulator, () => json(201, ME));

    expect(await client.sync()).toEqual({ created: true, ...ME });
  });
});

describe('401 token_expired', () => {
  it('refreshes once and sends the call again with the new token', async () => {
    const events: IntelloClientEvent[] = [];
    let firstToken: string | undefined;
    const { client, seen, wire } = await signedInClient(
      emulator,
      (r) => {
        firstToken ??= r.token;
        return r.token === firstToken ? apiError(401, 'token_expired', 'token has expired') : json(200, ME);
      },
      { onEvent: (e) => events.push(e) },
    );

    const me = await client.me();

    expect(me).toEqual(ME);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.token).not.toBe(seen[0]!.token);
    expect(wire.refreshes).toBe(1);
    expect(client.stats).toMatchObject({ tokenRejections: 1, refreshes: 1 });
    expect(events.map((e) => e.type)).toEqual(['token_rejected', 'refreshed']);
  });

  it('surfaces a second token_expired instead of refreshing again', async () => {
    const { client, seen, wire } = await signedInClient(emulator, () =>
      apiError(401, 'token_expired', 'token has expired'),
    );

    await expect(client.me()).rejects.toMatchObject({ status: 401, code: 'token_expired' });
    expect(seen).toHaveLength(2);
    expect(wire.refreshes).toBe(1);
  });

  it('refreshes once for 20 parallel calls rejected with the same token', async () => {
    let firstToken: string | undefined;
    const { client, seen, wire } = await signedInClient(emulator, (r) => {
      firstToken ??= r.token;
      return r.token === firstToken ? apiError(401, 'token_expired') : json(200, ME);
    });

    await Promise.all(Array.from({ length: 20 }, () => client.me()));

    expect(wire.refreshes).toBe(1);
    expect(client.stats).toMatchObject({ refreshes: 1, tokenRejections: 20 });
    expect(seen.filter((r) => r.token !== firstToken)).toHaveLength(20);
  });

  it('stops at 401 unauthorized without refreshing or retrying', async () => {
    const { client, seen, wire } = await signedInClient(emulator, () => apiError(401, 'unauthorized', 'invalid token'));

    const call = client.me();

    await expect(call).rejects.toThrow(IntelloApiError);
    await expect(call).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
      message: 'invalid token',
      requestId: expect.stringMatching(/^req-/),
    });
    expect(seen).toHaveLength(1);
    expect(wire.refreshes).toBe(0);
  });
});

describe('429 and 503', () => {
  it('retries a 503 sequence with growing jittered backoff until it succeeds', async () => {
    const { client, seen, clock } = await signedInClient(
      emulator,
      (_r, all) => (all.length <= 3 ? apiError(503, 'service_unavailable', 'database is resuming') : json(200, ME)),
      { retry: { baseDelayMs: 100 } },
    );

    await client.me();

    expect(seen).toHaveLength(4);
    expect(clock.sleeps).toEqual([75, 150, 300]);
    expect(client.stats.retries).toBe(3);
  });

  it('waits what Retry-After asks for (plus jitter) on a 429', async () => {
    const { client, clock } = await signedInClient(emulator, (_r, all) =>
      all.length === 1 ? apiError(429, 'rate_limited', 'slow down', { 'retry-after': '2' }) : json(200, ME),
    );

    await client.me();

    expect(clock.sleeps).toEqual([2200]);
  });

  it('reads Retry-After as an HTTP-date on the injected clock', async () => {
    const { client, clock } = await signedInClient(emulator, (_r, all) =>
      all.length === 1
        ? apiError(503, 'service_unavailable', 'busy', { 'retry-after': new Date(clock.nowMs + 10_000).toUTCString() })
        : json(200, ME),
    );

    await client.me();

    expect(clock.sleeps).toEqual([11_000]);
  });

  it('retries a POST on 429, as the API did not do the work', async () => {
    const { client, seen } = await signedInClient(emulator, (_r, all) =>
      all.length === 1 ? apiError(429, 'rate_limited') : json(201, { id: 's' }),
    );

    await client.specs.create({ name: 'Billing API' });

    expect(seen.map(route)).toEqual(['POST /api/specs', 'POST /api/specs']);
  });

  it('gives up after maxRetries and surfaces the last error', async () => {
    const { client, seen } = await signedInClient(
      emulator,
      () => apiError(503, 'service_unavailable', 'still resuming'),
      { retry: { maxRetries: 2 } },
    );

    await expect(client.me()).rejects.toMatchObject({
      status: 503,
      code: 'service_unavailable',
      message: 'still resuming',
    });
    expect(seen).toHaveLength(3);
  });

  it('surfaces at once a Retry-After longer than maxRetryAfterMs', async () => {
    const { client, seen, clock } = await signedInClient(emulator, () =>
      apiError(429, 'rate_limited', 'quota exhausted', { 'retry-after': '3600' }),
    );

    await expect(client.me()).rejects.toMatchObject({ status: 429, code: 'rate_limited' });
    expect(seen).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it.each([
    [400, 'validation_failed'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [500, 'internal_error'],
  ])('never retries a %i %s', async (status, code) => {
    const { client, seen } = await signedInClient(emulator, () => apiError(status, code));

    await expect(client.me()).rejects.toMatchObject({ status, code });
    expect(seen).toHaveLength(1);
  });
});

describe('network failures', () => {
  it('retries a GET whose connection failed', async () => {
    const { client, seen } = await signedInClient(emulator, (_r, all) => {
      if (all.length === 1) throw new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
      return json(200, ME);
    });

    expect(await client.me()).toEqual(ME);
    expect(seen).toHaveLength(2);
  });

  it('surfaces a failed POST as IntelloNetworkError without retrying, as it may have been applied', async () => {
    const { client, seen } = await signedInClient(emulator, () => {
      throw new TypeError('fetch failed');
    });

    const call = client.specs.create({ name: 'Billing API' });

    await expect(call).rejects.toThrow(IntelloNetworkError);
    await expect(call).rejects.toMatchObject({
      method: 'POST',
      url: 'https://api.intello.test/api/specs',
      cause: expect.any(TypeError),
    });
    expect(seen).toHaveLength(1);
  });

  it('passes an abort through untouched and does not retry it', async () => {
    const controller = new AbortController();
    const { client, seen } = await signedInClient(emulator, () => {
      controller.abort();
      throw new DOMException('aborted', 'AbortError');
    });

    await expect(client.request({ method: 'GET', path: '/api/me', signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(seen).toHaveLength(1);
  });
});
