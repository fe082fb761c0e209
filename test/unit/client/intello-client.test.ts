import type { AuthEmulator } from '../../../local/auth/server';
import { IntelloAuthError, IntelloClient, type SignInOptions } from '../../../client';
import { API_URL, json, newMachineAccount, signedInClient, startEmulator, type SeenRequest } from './harness';

let emulator: AuthEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

const SPEC = {
  id: '3f1c2a9e-0b7d-4c1e-9a55-2d8f0e6b7a10',
  name: 'Billing API',
  sourceUrl: null,
  createdBy: 'u',
  createdAt: '2026-11-29T12:00:00.000Z',
  updatedAt: '2026-11-29T12:00:00.000Z',
};
const call = (r: SeenRequest) => `${r.method} ${r.path}${r.search}`;

describe('IntelloClient.signIn', () => {
  it('signs the machine account in through supabase-js and makes no API call', async () => {
    const { client, seen } = await signedInClient(emulator, () => json(200, {}));

    expect(client.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.accessTokenExpiresAt!.getTime()).toBe(Date.parse('2026-11-29T12:00:00.000Z') + 3600_000);
    expect(seen).toEqual([]);
  });

  it('throws IntelloAuthError invalid_credentials for a wrong password', async () => {
    const account = await newMachineAccount(emulator);

    const signIn = IntelloClient.signIn({
      supabaseUrl: emulator.url,
      supabaseKey: emulator.anonKey,
      apiUrl: API_URL,
      email: account.email,
      password: 'not the password',
    });

    await expect(signIn).rejects.toThrow(IntelloAuthError);
    await expect(signIn).rejects.toMatchObject({
      operation: 'sign_in',
      status: 400,
      code: 'invalid_credentials',
      message: 'sign in failed: Invalid login credentials',
    });
  });

  it('rejects a missing option, an unknown option and a relative URL before any network call', async () => {
    const base: SignInOptions = {
      supabaseUrl: emulator.url,
      supabaseKey: emulator.anonKey,
      apiUrl: API_URL,
      email: 'a@example.com',
      password: 'p',
    };

    await expect(IntelloClient.signIn({ ...base, password: '' })).rejects.toThrow('password is required');
    await expect(IntelloClient.signIn({ ...base, apiKey: 'x' } as SignInOptions)).rejects.toThrow(
      'unknown option "apiKey"',
    );
    await expect(IntelloClient.signIn({ ...base, apiUrl: '/api' })).rejects.toThrow(
      'apiUrl must be an absolute URL, got "/api"',
    );
  });
});

describe('typed methods', () => {
  it('sends each specs method to its route with its body and query', async () => {
    const { client, seen } = await signedInClient(emulator, (r) => {
      if (r.method === 'DELETE') return new Response(null, { status: 204 });
      if (r.method === 'GET' && r.path === '/api/specs') return json(200, { items: [SPEC], nextCursor: null });
      return json(r.method === 'POST' ? 201 : 200, SPEC);
    });

    const page = await client.specs.list({ limit: 5, cursor: 'abc' });
    const created = await client.specs.create({ name: 'Billing API', sourceUrl: 'https://example.com/openapi.json' });
    const fetched = await client.specs.get(SPEC.id);
    const updated = await client.specs.update(SPEC.id, { sourceUrl: null });
    const deleted = await client.specs.delete(SPEC.id);

    expect(page).toEqual({ items: [SPEC], nextCursor: null });
    expect([created, fetched, updated]).toEqual([SPEC, SPEC, SPEC]);
    expect(deleted).toBeUndefined();
    expect(seen.map(call)).toEqual([
      'GET /api/specs?limit=5&cursor=abc',
      'POST /api/specs',
      `GET /api/specs/${SPEC.id}`,
      `PATCH /api/specs/${SPEC.id}`,
      `DELETE /api/specs/${SPEC.id}`,
    ]);
    expect(seen[1]!.body).toEqual({ name: 'Billing API', sourceUrl: 'https://example.com/openapi.json' });
    expect(seen[3]!.body).toEqual({ sourceUrl: null });
  });

  it('escapes an id so that it cannot leave its path segment', async () => {
    const { client, seen } = await signedInClient(emulator, () => json(200, SPEC));

    await client.specs.get('../me');

    expect(seen[0]!.path).toBe('/api/specs/..%2Fme');
  });

  it('walks every page with specs.all', async () => {
    const { client, seen } = await signedInClient(emulator, (r) =>
      r.search.includes('cursor=p2')
        ? json(200, { items: [{ ...SPEC, id: 'b' }], nextCursor: null })
        : json(200, { items: [{ ...SPEC, id: 'a' }], nextCursor: 'p2' }),
    );

    const ids: string[] = [];
    for await (const spec of client.specs.all({ pageSize: 1 })) ids.push(spec.id);

    expect(ids).toEqual(['a', 'b']);
    expect(seen.map(call)).toEqual(['GET /api/specs?limit=1', 'GET /api/specs?limit=1&cursor=p2']);
  });

  it('sends a generic request with a query and returns the parsed body', async () => {
    const { client, seen } = await signedInClient(emulator, () => json(200, { ok: true }));

    const body = await client.request<{ ok: boolean }>({
      method: 'GET',
      path: '/health',
      query: { verbose: true, skip: undefined },
    });

    expect(body).toEqual({ ok: true });
    expect(seen.map(call)).toEqual(['GET /health?verbose=true']);
  });

  it('rejects a path that does not start with a slash', async () => {
    const { client } = await signedInClient(emulator, () => json(200, {}));

    await expect(client.request({ method: 'GET', path: 'api/me' })).rejects.toThrow(
      'path must start with "/", got "api/me"',
    );
  });
});

describe('signOut', () => {
  it('ends the session at Supabase so that its refresh token no longer works', async () => {
    const { client } = await signedInClient(emulator, () => json(200, {}));

    await client.signOut();

    await expect(client.refreshSession()).rejects.toMatchObject({
      name: 'IntelloAuthError',
      operation: 'refresh',
      status: 400,
    });
  });
});
