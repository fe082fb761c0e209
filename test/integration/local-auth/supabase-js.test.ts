import { AuthApiError, AuthSessionMissingError, AuthWeakPasswordError } from '@supabase/supabase-js';
import { startAuthEmulator, type AuthEmulator } from '../../../local/auth/server';
import { PASSWORD, supabaseFor, uniqueEmail } from './harness';

let emulator: AuthEmulator;

beforeAll(async () => {
  emulator = await startAuthEmulator({});
});

afterAll(async () => {
  await emulator.close();
});

describe('the auth emulator driven by @supabase/supabase-js', () => {
  it('signs a user up and returns a session at once (auto-confirm)', async () => {
    const supabase = supabaseFor(emulator);
    const email = uniqueEmail('signup');

    const { data, error } = await supabase.auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { name: 'Ada' } },
    });

    expect(error).toBeNull();
    expect(data.session).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(data.user).toMatchObject({
      email,
      aud: 'authenticated',
      role: 'authenticated',
      user_metadata: { name: 'Ada' },
    });
    expect(data.user!.email_confirmed_at).toEqual(expect.any(String));
    expect((await supabase.auth.getSession()).data.session?.access_token).toBe(data.session!.access_token);
  });

  it('signs an existing user in with a new session', async () => {
    const email = uniqueEmail('signin');
    const first = await supabaseFor(emulator).auth.signUp({ email, password: PASSWORD });

    const { data, error } = await supabaseFor(emulator).auth.signInWithPassword({
      email: email.toUpperCase(),
      password: PASSWORD,
    });

    expect(error).toBeNull();
    expect(data.user!.id).toBe(first.data.user!.id);
    expect(data.session!.refresh_token).not.toBe(first.data.session!.refresh_token);
  });

  it('refuses a wrong password and an unknown email alike with invalid_credentials', async () => {
    const email = uniqueEmail('wrong');
    await supabaseFor(emulator).auth.signUp({ email, password: PASSWORD });

    const wrong = await supabaseFor(emulator).auth.signInWithPassword({ email, password: 'not the password' });
    const unknown = await supabaseFor(emulator).auth.signInWithPassword({
      email: uniqueEmail('nobody'),
      password: PASSWORD,
    });

    for (const { data, error } of [wrong, unknown]) {
      expect(error).toBeInstanceOf(AuthApiError);
      expect(error).toMatchObject({ code: 'invalid_credentials', status: 400, message: 'Invalid login credentials' });
      expect(data.session).toBeNull();
    }
  });

  it('refuses a second signup with the same email with user_already_exists', async () => {
    const email = uniqueEmail('dup');
    await supabaseFor(emulator).auth.signUp({ email, password: PASSWORD });

    const { error } = await supabaseFor(emulator).auth.signUp({ email, password: PASSWORD });

    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ code: 'user_already_exists', status: 422, message: 'User already registered' });
  });

  it('refuses a password under six characters as weak, with the reason', async () => {
    const { error } = await supabaseFor(emulator).auth.signUp({ email: uniqueEmail('weak'), password: '12345' });

    expect(error).toBeInstanceOf(AuthWeakPasswordError);
    expect(error).toMatchObject({ code: 'weak_password', status: 422, reasons: ['length'] });
  });

  it('returns the signed-in user from getUser', async () => {
    const supabase = supabaseFor(emulator);
    const email = uniqueEmail('getuser');
    const { data: signedUp } = await supabase.auth.signUp({ email, password: PASSWORD });

    const { data, error } = await supabase.auth.getUser();

    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      id: signedUp.user!.id,
      email,
      app_metadata: { provider: 'email', providers: ['email'] },
    });
    expect(data.user!.identities).toEqual([expect.objectContaining({ provider: 'email', user_id: signedUp.user!.id })]);
  });

  it('signs out so that the refresh token and the session are gone', async () => {
    const supabase = supabaseFor(emulator);
    const { data: signedUp } = await supabase.auth.signUp({ email: uniqueEmail('signout'), password: PASSWORD });

    const { error } = await supabase.auth.signOut();
    const refresh = await supabaseFor(emulator).auth.refreshSession({ refresh_token: signedUp.session!.refresh_token });
    const user = await supabaseFor(emulator).auth.getUser(signedUp.session!.access_token);

    expect(error).toBeNull();
    expect((await supabase.auth.getSession()).data.session).toBeNull();
    expect(refresh.error).toMatchObject({ code: 'refresh_token_not_found', status: 400 });
    expect(user.error).toBeInstanceOf(AuthSessionMissingError);
  });

  it('signs out the other sessions only with scope "others"', async () => {
    const email = uniqueEmail('others');
    const here = supabaseFor(emulator);
    const there = supabaseFor(emulator);
    await here.auth.signUp({ email, password: PASSWORD });
    const { data: elsewhere } = await there.auth.signInWithPassword({ email, password: PASSWORD });

    await here.auth.signOut({ scope: 'others' });

    expect((await here.auth.refreshSession()).error).toBeNull();
    expect((await there.auth.refreshSession({ refresh_token: elsewhere.session!.refresh_token })).error).toMatchObject({
      code: 'refresh_token_not_found',
    });
  });

  it('verifies the access token against the JWKS in getClaims', async () => {
    const supabase = supabaseFor(emulator);
    const email = uniqueEmail('claims');
    const { data: signedUp } = await supabase.auth.signUp({ email, password: PASSWORD });

    const { keys } = (await (await fetch(emulator.jwksUrl)).json()) as { keys: Array<{ kid: string }> };

    const { data, error } = await supabase.auth.getClaims();

    expect(error).toBeNull();
    expect(data!.header).toEqual({ alg: 'ES256', typ: 'JWT', kid: keys[0]!.kid });
    expect(data!.claims).toMatchObject({ sub: signedUp.user!.id, email, role: 'authenticated', iss: emulator.issuer });
  });

  // The message is WebCrypto's verdict in supabase-js: a getUser fallback would report bad_jwt instead.
  it('reports a forged signature from getClaims, checked locally with the JWKS key', async () => {
    const supabase = supabaseFor(emulator);
    const { data: signedUp } = await supabase.auth.signUp({ email: uniqueEmail('forged'), password: PASSWORD });
    const [header, payload] = signedUp.session!.access_token.split('.');
    const other = await supabaseFor(emulator).auth.signUp({ email: uniqueEmail('other'), password: PASSWORD });
    const forged = `${header}.${payload}.${other.data.session!.access_token.split('.')[2]}`;

    const { data, error } = await supabase.auth.getClaims(forged);

    expect(data).toBeNull();
    expect(error).toMatchObject({ message: 'Invalid JWT signature' });
  });
});
