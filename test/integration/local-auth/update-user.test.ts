/** `updateUser` (PUT /auth/v1/user) through @supabase/supabase-js, with GoTrue's checks and errors. */
import { AuthApiError, AuthWeakPasswordError } from '@supabase/supabase-js';
import { startAuthEmulator, type AuthEmulator } from '../../../local/auth/server';
import { PASSWORD, signUp, supabaseFor, uniqueEmail, wire } from './harness';

let emulator: AuthEmulator;

beforeAll(async () => {
  emulator = await startAuthEmulator({});
});

afterAll(async () => {
  await emulator.close();
});

async function signedIn(email = uniqueEmail('update')) {
  const client = supabaseFor(emulator);
  const { data, error } = await client.auth.signUp({ email, password: PASSWORD, options: { data: { a: 1, b: 2 } } });
  if (error) throw error;
  return { client, email, session: data.session! };
}

describe('updateUser', () => {
  it('merges user_metadata key by key, null removing a key, and returns the user', async () => {
    const { client } = await signedIn();

    const { data, error } = await client.auth.updateUser({ data: { b: null, c: 'three' } });

    expect(error).toBeNull();
    expect(data.user!.user_metadata).toMatchObject({ a: 1, c: 'three' });
    expect(data.user!.user_metadata).not.toHaveProperty('b');
    expect((await client.auth.getUser()).data.user!.user_metadata).toMatchObject({ a: 1, c: 'three' });
  });

  it('changes the password: the new one signs in, the old one no longer does', async () => {
    const { client, email } = await signedIn();

    const { error } = await client.auth.updateUser({ password: 'a brand new password' });
    const withNew = await supabaseFor(emulator).auth.signInWithPassword({ email, password: 'a brand new password' });
    const withOld = await supabaseFor(emulator).auth.signInWithPassword({ email, password: PASSWORD });

    expect(error).toBeNull();
    expect(withNew.error).toBeNull();
    expect(withOld.error).toMatchObject({ code: 'invalid_credentials' });
  });

  it("ends the user's other sessions on a password change and keeps the current one", async () => {
    const { client, email } = await signedIn();
    const { data: other } = await supabaseFor(emulator).auth.signInWithPassword({ email, password: PASSWORD });

    await client.auth.updateUser({ password: 'another new password' });

    expect((await client.auth.getUser()).error).toBeNull();
    const otherUser = await wire(emulator, '/auth/v1/user', { bearer: other.session!.access_token });
    expect(otherUser.status).toBe(403);
    expect(otherUser.json).toMatchObject({ code: 'session_not_found' });
  });

  it('changes the email at once (auto-confirmed) and signs in with it', async () => {
    const { client } = await signedIn();
    const newEmail = uniqueEmail('moved');

    const { data, error } = await client.auth.updateUser({ email: newEmail.toUpperCase() });
    const signIn = await supabaseFor(emulator).auth.signInWithPassword({ email: newEmail, password: PASSWORD });

    expect(error).toBeNull();
    expect(data.user).toMatchObject({ email: newEmail, user_metadata: { email: newEmail } });
    expect(data.user!.email_confirmed_at).toEqual(expect.any(String));
    expect(signIn.error).toBeNull();
  });

  it("refuses another user's email with 422 email_exists and changes nothing", async () => {
    const taken = await signedIn();
    const { client, email } = await signedIn();

    const { error } = await client.auth.updateUser({ email: taken.email, data: { changed: true } });

    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({
      code: 'email_exists',
      status: 422,
      message: 'A user with this email address has already been registered',
    });
    const { data } = await client.auth.getUser();
    expect(data.user!.email).toBe(email);
    expect(data.user!.user_metadata).not.toHaveProperty('changed');
  });

  it.each([
    ['a short password', { password: '123' }, 422, 'weak_password'],
    ['an empty password', { password: '' }, 422, 'weak_password'],
    ['the same password', { password: PASSWORD }, 422, 'same_password'],
    ['a malformed email', { email: 'not-an-email' }, 400, 'validation_failed'],
    ['app_metadata', { app_metadata: { plan: 'pro' } }, 403, 'not_admin'],
    ['a phone number', { phone: '+15555550100' }, 422, 'phone_provider_disabled'],
    ['a malformed phone number', { phone: 'call me' }, 400, 'validation_failed'],
  ])('refuses %s as GoTrue does', async (_, body, status, code) => {
    const { session } = await signedIn();

    const response = await wire(emulator, '/auth/v1/user', { method: 'PUT', body, bearer: session.access_token });

    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ code });
  });

  it('reports a weak password to supabase-js as AuthWeakPasswordError with the reason', async () => {
    const { client } = await signedIn();

    const { error } = await client.auth.updateUser({ password: '123' });

    expect(error).toBeInstanceOf(AuthWeakPasswordError);
    expect(error).toMatchObject({ code: 'weak_password', reasons: ['length'] });
  });

  it('needs a signed-in user: 401 without a token, 403 session_not_found after sign-out', async () => {
    const { client, session } = await signedIn();
    const anonymous = await wire(emulator, '/auth/v1/user', { method: 'PUT', body: { data: {} } });
    await client.auth.signOut();

    const afterSignOut = await wire(emulator, '/auth/v1/user', {
      method: 'PUT',
      body: { data: {} },
      bearer: session.access_token,
    });
    const { error } = await client.auth.updateUser({ data: { x: 1 } });

    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ code: 'no_authorization' });
    expect(afterSignOut.status).toBe(403);
    expect(afterSignOut.json).toMatchObject({ code: 'session_not_found' });
    expect(error).toMatchObject({ name: 'AuthSessionMissingError' });
  });

  it('refuses a data field that is not an object with bad_json', async () => {
    const signed = await signUp(emulator);

    const response = await wire(emulator, '/auth/v1/user', {
      method: 'PUT',
      body: { data: 'dark' },
      bearer: signed.access_token,
    });

    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      code: 'bad_json',
      message: 'Could not parse request body as JSON: data must be an object',
    });
  });
});
