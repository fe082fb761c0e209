/**
 * `IntelloClient.withApiKey`: the key is sent as the bearer, never refreshed or synced, with the
 * same retries and typed errors as a machine account. The API is the scripted stand-in of
 * `harness.ts` (the faults cannot be produced on demand by the real stack; the end-to-end test
 * `test/e2e/org-api-keys.test.ts` runs the client against it).
 */
import { IntelloApiError, IntelloClient, type IntelloClientEvent } from '../../../client';
import { API_URL, apiError, json, ManualClock, routedFetch, type ApiScript } from './harness';

const KEY = `intello_sk_${'A1b2C3d4E5'.repeat(4)}abcXYZ123`;

function keyClient(script: ApiScript, events: IntelloClientEvent[] = []) {
  const clock = new ManualClock();
  const routed = routedFetch(script);
  const client = IntelloClient.withApiKey(KEY, {
    apiUrl: API_URL,
    onEvent: (event) => events.push(event),
    runtime: { ...clock.runtime(), random: () => 0.5, fetch: routed.fetch },
  });
  return { client, clock, ...routed };
}

describe('IntelloClient.withApiKey', () => {
  it('sends the key as the bearer and makes no call before the first request', async () => {
    const { client, seen } = keyClient(() => json(200, { items: [], nextCursor: null }));
    expect(seen).toEqual([]);
    await expect(client.specs.list()).resolves.toEqual({ items: [], nextCursor: null });
    expect(seen.map((r) => [r.method, r.path, r.token])).toEqual([['GET', '/api/specs', KEY]]);
    expect(client.userId).toBeUndefined();
    expect(client.accessTokenExpiresAt).toBeUndefined();
  });

  it('surfaces a 401 of a revoked key as IntelloApiError without trying to refresh', async () => {
    const { client, seen } = keyClient(() => apiError(401, 'unauthorized', 'API key has been revoked'));
    const listing = client.specs.list();
    await expect(listing).rejects.toThrow(IntelloApiError);
    await expect(listing).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(seen).toHaveLength(1);
    expect(client.stats).toMatchObject({ requests: 1, tokenRejections: 0, refreshes: 0 });
  });

  it('does not answer token_expired with a refresh either: a key cannot be renewed', async () => {
    const events: IntelloClientEvent[] = [];
    const { client, seen } = keyClient(() => apiError(401, 'token_expired'), events);
    await expect(client.me()).rejects.toMatchObject({ status: 401, code: 'token_expired' });
    expect(seen).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('never syncs: a 428 reaches the caller, as does the 403 of /auth/sync', async () => {
    const { client, seen } = keyClient((request) =>
      request.path === '/auth/sync' ? apiError(403, 'forbidden') : apiError(428, 'user_not_synced'),
    );
    await expect(client.me()).rejects.toMatchObject({ status: 428, code: 'user_not_synced' });
    expect(seen.map((r) => r.path)).toEqual(['/api/me']);
    await expect(client.sync()).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    expect(client.stats.syncs).toBe(1);
  });

  it('answers 403 insufficient_scope with a typed error', async () => {
    const { client } = keyClient(() => apiError(403, 'insufficient_scope', 'this API key lacks the scope specs:write'));
    await expect(client.specs.create({ name: 'x' })).rejects.toMatchObject({
      status: 403,
      code: 'insufficient_scope',
    });
  });

  it('retries 429 and 503 with backoff and Retry-After, as a machine account does', async () => {
    const events: IntelloClientEvent[] = [];
    let calls = 0;
    const { client, clock, seen } = keyClient(() => {
      calls += 1;
      if (calls === 1) return apiError(429, 'rate_limited', 'slow down', { 'retry-after': '2' });
      if (calls === 2) return apiError(503, 'service_unavailable');
      return json(200, { items: [], nextCursor: null });
    }, events);
    await expect(client.specs.list()).resolves.toEqual({ items: [], nextCursor: null });
    expect(seen).toHaveLength(3);
    expect(seen.every((r) => r.token === KEY)).toBe(true);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(events.map((e) => e.type)).toEqual(['retrying', 'retrying']);
    expect(client.stats).toMatchObject({ requests: 3, retries: 2 });
  });

  it('makes signOut and refreshSession no-ops: an admin revokes a key', async () => {
    const { client, seen } = keyClient(() => json(200, {}));
    await client.refreshSession();
    await client.signOut();
    expect(seen).toEqual([]);
  });

  it('refuses a string that is not an org API key, and bad options, before any call', () => {
    expect(() => IntelloClient.withApiKey('eyJhbGciOi.x.y', { apiUrl: API_URL })).toThrow(
      new TypeError('key must be an org API key (intello_sk_…, 60 characters)'),
    );
    expect(() => IntelloClient.withApiKey(`${KEY} `, { apiUrl: API_URL })).toThrow(TypeError);
    expect(() => IntelloClient.withApiKey(KEY, { apiUrl: 'api.intello.test' })).toThrow(
      'apiUrl must be an absolute URL, got "api.intello.test"',
    );
    expect(() => IntelloClient.withApiKey(KEY, { apiUrl: API_URL, email: 'x' } as never)).toThrow(
      'unknown option "email"',
    );
  });
});
