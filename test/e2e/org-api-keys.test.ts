/**
 * Org API keys on the local stack, as `npm start` runs it (keys on by default): an admin creates
 * keys, a key lists and creates specs, a read-only key cannot write, and revocation stops a key
 * on the very next request, both on Intello's API (the handlers re-check the row) and on the
 * example service's API (which reuses the authorizer and re-checks nothing: the revocation
 * flushes its stage's authorizer cache). One stack for the file; the steps build on each other.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { IntelloClient } from '../../client';
import { E2E_START_TIMEOUT_MS, startE2eStack, type E2eStack } from './support/e2e-stack';
import { call, expectError } from './support/http';

let stack: E2eStack;
let api: string;
let example: string;

async function signUpOwner(): Promise<string> {
  const supabase = createClient(stack.endpoints.supabaseUrl, stack.endpoints.supabaseAnonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const email = `keys-${randomUUID().slice(0, 8)}@example.com`;
  const { data, error } = await supabase.auth.signUp({ email, password: 'correct horse battery' });
  if (error || !data.session) throw new Error(`sign-up failed: ${error?.message ?? 'no session'}`);
  const synced = await call(`${api}/auth/sync`, { method: 'POST', token: data.session.access_token });
  expect(synced.status).toBe(201);
  return data.session.access_token;
}

beforeAll(async () => {
  stack = await startE2eStack();
  api = stack.endpoints.publicApiUrl;
  example = stack.endpoints.exampleApiUrl;
}, E2E_START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
});

describe('org API keys on the local stack', () => {
  let admin: string;
  const keys: Record<'writer' | 'reader' | 'example', { id: string; secret: string }> = {} as never;

  async function createKey(name: keyof typeof keys, scopes: string[]) {
    const created = await call(`${api}/api/org/api-keys`, { method: 'POST', token: admin, json: { name, scopes } });
    expect(created.status).toBe(201);
    const body = created.body as { apiKey: { id: string; scopes: string[]; start: string }; secret: string };
    expect(body.secret).toMatch(/^intello_sk_[0-9A-Za-z]{49}$/);
    expect(body.apiKey).toMatchObject({ scopes, start: body.secret.slice(0, 15) });
    keys[name] = { id: body.apiKey.id, secret: body.secret };
  }

  it('lets an admin create keys, listed afterwards without their secrets', async () => {
    admin = await signUpOwner();
    await createKey('writer', ['specs:read', 'specs:write']);
    await createKey('reader', ['specs:read']);
    await createKey('example', ['specs:read']);
    const listed = await call(`${api}/api/org/api-keys`, { token: admin });
    expect(listed.status).toBe(200);
    const items = (listed.body as { items: Array<Record<string, unknown>> }).items;
    expect(items.map((k) => k.name).sort()).toEqual(['example', 'reader', 'writer']);
    expect(JSON.stringify(items)).not.toContain(keys.writer.secret);
  });

  it('lets a key create and list specs', async () => {
    const created = await call(`${api}/api/specs`, {
      method: 'POST',
      token: keys.writer.secret,
      json: { name: 'made by a key' },
    });
    expect(created.status).toBe(201);
    const listed = await call(`${api}/api/specs`, { token: keys.writer.secret });
    expect(listed.status).toBe(200);
    expect((listed.body as { items: Array<{ name: string }> }).items.map((s) => s.name)).toEqual(['made by a key']);
  });

  it('works through IntelloClient.withApiKey, with typed errors for a missing scope', async () => {
    const writer = IntelloClient.withApiKey(keys.writer.secret, { apiUrl: api });
    const page = await writer.specs.list();
    expect(page.items.map((s) => s.name)).toEqual(['made by a key']);
    const reader = IntelloClient.withApiKey(keys.reader.secret, { apiUrl: api });
    await expect(reader.specs.create({ name: 'no' })).rejects.toMatchObject({
      status: 403,
      code: 'insufficient_scope',
    });
    expect(reader.stats).toMatchObject({ requests: 1, syncs: 0, refreshes: 0 });
  });

  it('refuses a write from a read-only key with 403 insufficient_scope', async () => {
    expect((await call(`${api}/api/specs`, { token: keys.reader.secret })).status).toBe(200);
    const refused = await call(`${api}/api/specs`, { method: 'POST', token: keys.reader.secret, json: { name: 'no' } });
    expectError(refused, 403, 'insufficient_scope');
  });

  it('answers 401 on the public API on the very next request after revocation', async () => {
    expect((await call(`${api}/api/specs`, { token: keys.reader.secret })).status).toBe(200);
    const revoked = await call(`${api}/api/org/api-keys/${keys.reader.id}`, { method: 'DELETE', token: admin });
    expect(revoked.status).toBe(204);
    expectError(await call(`${api}/api/specs`, { token: keys.reader.secret }), 401, 'unauthorized');
  });

  it('answers 401 on the example service right after the flush, where the key had a cached Allow', async () => {
    const stats = stack.exampleApi.stats;
    const first = await call(`${example}/orders`, { token: keys.example.secret });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ orders: [], caller: `apikey:${keys.example.id}` });
    const invocations = stats.authorizerInvocations;
    const hits = stats.authorizerCacheHits;
    // The Allow is cached: the second request does not reach the authorizer.
    expect((await call(`${example}/orders`, { token: keys.example.secret })).status).toBe(200);
    expect(stats.authorizerInvocations).toBe(invocations);
    expect(stats.authorizerCacheHits).toBe(hits + 1);

    const revoked = await call(`${api}/api/org/api-keys/${keys.example.id}`, { method: 'DELETE', token: admin });
    expect(revoked.status).toBe(204);
    const after = await call(`${example}/orders`, { token: keys.example.secret });
    expectError(after, 401, 'unauthorized');
    expect(stats.authorizerInvocations).toBe(invocations + 1);
    // Each revocation flushed both registered stages: the public API's and the example's.
    expect(Object.values(stack.controlPlane.management.flushes)).toEqual([2, 2]);
  });
});
