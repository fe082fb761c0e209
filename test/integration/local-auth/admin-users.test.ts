/**
 * supabase-js's `auth.admin` against the emulator: the secret key (`sb_secret_…`) and the legacy
 * `service_role` JWT open the admin user endpoints; the publishable key and user tokens do not.
 */
import { AuthApiError, createClient, type SupabaseClient } from '@supabase/supabase-js';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startAuthEmulator, type AuthEmulator } from '../../../local/auth/server';
import { PASSWORD, signUp, supabaseFor, uniqueEmail, wire } from './harness';

let emulator: AuthEmulator;
let admin: SupabaseClient;

const clientWithKey = (key: string, on: AuthEmulator = emulator) =>
  createClient(on.url, key, { auth: { persistSession: false, autoRefreshToken: false } });

beforeAll(async () => {
  emulator = await startAuthEmulator({});
  admin = clientWithKey(emulator.serviceRoleKey);
});

afterAll(async () => {
  await emulator.close();
});

describe('the service-role keys', () => {
  it('are a sb_secret_ key and a legacy HS256 JWT with role service_role', () => {
    expect(emulator.serviceRoleKey).toMatch(/^sb_secret_[A-Za-z0-9]{32}$/);
    expect(decodeProtectedHeader(emulator.legacyServiceRoleKey)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJwt(emulator.legacyServiceRoleKey)).toMatchObject({ iss: 'supabase-demo', role: 'service_role' });
  });
});

describe('auth.admin', () => {
  it('creates a confirmed user who can sign in at once', async () => {
    const email = uniqueEmail('machine');

    const { data, error } = await admin.auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { kind: 'machine' },
      app_metadata: { plan: 'pro' },
    });
    const signIn = await supabaseFor(emulator).auth.signInWithPassword({ email, password: PASSWORD });

    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email,
      user_metadata: { kind: 'machine' },
      app_metadata: { plan: 'pro', provider: 'email', providers: ['email'] },
    });
    expect(signIn.error).toBeNull();
    expect(decodeJwt(signIn.data.session!.access_token).app_metadata).toMatchObject({ plan: 'pro' });
  });

  it('creates an unconfirmed user without email_confirm, who cannot sign in (email_not_confirmed)', async () => {
    const email = uniqueEmail('unconfirmed');

    const { data } = await admin.auth.admin.createUser({ email, password: PASSWORD });
    const signIn = await supabaseFor(emulator).auth.signInWithPassword({ email, password: PASSWORD });

    expect(data.user).not.toHaveProperty('email_confirmed_at');
    expect(signIn.error).toMatchObject({ code: 'email_not_confirmed', status: 400, message: 'Email not confirmed' });
  });

  it('refuses an existing email with 422 email_exists', async () => {
    const email = uniqueEmail('dup');
    await admin.auth.admin.createUser({ email, password: PASSWORD });

    const { error } = await admin.auth.admin.createUser({ email, password: PASSWORD });

    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ code: 'email_exists', status: 422 });
  });

  it('gets, updates and deletes a user by id', async () => {
    const { data: created } = await admin.auth.admin.createUser({ email: uniqueEmail('crud'), password: PASSWORD });
    const id = created.user!.id;

    const got = await admin.auth.admin.getUserById(id);
    const updated = await admin.auth.admin.updateUserById(id, {
      email_confirm: true,
      user_metadata: { name: 'Bot' },
      app_metadata: { tier: 2 },
    });
    const deleted = await admin.auth.admin.deleteUser(id);
    const gone = await admin.auth.admin.getUserById(id);

    expect(got.data.user!.id).toBe(id);
    expect(updated.error).toBeNull();
    expect(updated.data.user).toMatchObject({ user_metadata: { name: 'Bot' }, app_metadata: { tier: 2 } });
    expect(updated.data.user!.email_confirmed_at).toEqual(expect.any(String));
    expect(deleted.error).toBeNull();
    expect(gone.error).toMatchObject({ code: 'user_not_found', status: 404, message: 'User not found' });
  });

  it('ends every session of a user whose password an admin changes, and deletes sessions with the user', async () => {
    const email = uniqueEmail('reset');
    const { data: created } = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    const { data: signedIn } = await supabaseFor(emulator).auth.signInWithPassword({ email, password: PASSWORD });

    await admin.auth.admin.updateUserById(created.user!.id, { password: 'reset by an admin' });
    const user = await wire(emulator, '/auth/v1/user', { bearer: signedIn.session!.access_token });
    const refreshed = await supabaseFor(emulator).auth.refreshSession({
      refresh_token: signedIn.session!.refresh_token,
    });

    expect(user.json).toMatchObject({ code: 'session_not_found' });
    expect(refreshed.error).toMatchObject({ code: 'refresh_token_not_found' });
  });

  it('lists users newest first, a page at a time, with the total from GoTrue headers', async () => {
    const isolated = await startAuthEmulator({});
    try {
      const client = clientWithKey(isolated.serviceRoleKey, isolated);
      for (const label of ['one', 'two', 'three']) {
        await client.auth.admin.createUser({ email: `${label}@example.com`, password: PASSWORD });
      }

      const page1 = await client.auth.admin.listUsers({ page: 1, perPage: 2 });
      const page2 = await client.auth.admin.listUsers({ page: 2, perPage: 2 });
      const raw = await wire(isolated, '/auth/v1/admin/users?per_page=2&page=1', {
        apiKey: false,
        headers: { apikey: isolated.serviceRoleKey },
      });

      expect(page1.error).toBeNull();
      expect(page1.data.users.map((user) => user.email)).toEqual(['three@example.com', 'two@example.com']);
      expect(page1.data).toMatchObject({ total: 3, nextPage: 2, lastPage: 2 });
      expect(page2.data.users.map((user) => user.email)).toEqual(['one@example.com']);
      expect(page2.data).toMatchObject({ total: 3, nextPage: null, lastPage: 2 });
      expect(raw.headers.get('x-total-count')).toBe('3');
      expect(raw.headers.get('link')).toBe(
        '</auth/v1/admin/users?page=2&per_page=2>; rel="next", </auth/v1/admin/users?page=2&per_page=2>; rel="last"',
      );
      expect(raw.json.aud).toBe('authenticated');
    } finally {
      await isolated.close();
    }
  });

  it('refuses bad pagination with 400 validation_failed', async () => {
    const response = await wire(emulator, '/auth/v1/admin/users?per_page=0', {
      apiKey: false,
      headers: { apikey: emulator.serviceRoleKey },
    });

    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'validation_failed' });
  });

  it('answers a malformed user id with 404 validation_failed, as GoTrue', async () => {
    // supabase-js checks the id itself first, so over the wire.
    const response = await wire(emulator, '/auth/v1/admin/users/not-a-uuid', { bearer: emulator.serviceRoleKey });

    expect(response.status).toBe(404);
    expect(response.json).toEqual({ code: 'validation_failed', message: 'user_id must be an UUID' });
  });

  it('opens with the legacy service_role JWT too', async () => {
    const legacy = clientWithKey(emulator.legacyServiceRoleKey);

    const { data, error } = await legacy.auth.admin.listUsers({ page: 1, perPage: 1 });

    expect(error).toBeNull();
    expect(data.users).toHaveLength(1);
  });
});

describe('the admin routes', () => {
  it('refuse the publishable key with 403 not_admin', async () => {
    const { error } = await clientWithKey(emulator.anonKey).auth.admin.listUsers();

    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ status: 403, code: 'not_admin', message: 'User not allowed' });
  });

  it("refuse a signed-in user's access token with 403 not_admin", async () => {
    const signed = await signUp(emulator);

    const response = await wire(emulator, '/auth/v1/admin/users', { bearer: signed.access_token });

    expect(response.status).toBe(403);
    expect(response.json).toEqual({ code: 'not_admin', message: 'User not allowed' });
  });

  it('refuse a forged legacy key with 403 bad_jwt, and a request without any key with 401', async () => {
    const [header, payload] = emulator.legacyServiceRoleKey.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;

    const withForged = await wire(emulator, '/auth/v1/admin/users', { bearer: forged });
    const withoutKey = await wire(emulator, '/auth/v1/admin/users', { apiKey: false });

    expect(withForged.status).toBe(403);
    expect(withForged.json).toMatchObject({ code: 'bad_jwt' });
    expect(withoutKey.status).toBe(401);
    expect(withoutKey.json).toMatchObject({ message: 'No API key found in request' });
  });

  it('refuse fields the emulator has no model for rather than ignoring them', async () => {
    const { error } = await admin.auth.admin.createUser({ email: uniqueEmail('banned'), ban_duration: '24h' });

    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
  });
});
