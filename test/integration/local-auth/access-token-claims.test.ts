import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { startAuthEmulator, type AuthEmulator } from '../../../local/auth/server';
import { PASSWORD, uniqueEmail, wire } from './harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let emulator: AuthEmulator;

beforeAll(async () => {
  emulator = await startAuthEmulator({ accessTokenTtlSeconds: 120 });
});

afterAll(async () => {
  await emulator.close();
});

async function verified(token: string) {
  return jwtVerify(token, createRemoteJWKSet(new URL(emulator.jwksUrl)), {
    issuer: emulator.issuer,
    audience: 'authenticated',
    algorithms: ['ES256'],
  });
}

describe('access tokens issued by the emulator', () => {
  it('verify with jose against the served JWKS and carry every Supabase claim', async () => {
    const email = uniqueEmail('claims');
    const before = Math.floor(Date.now() / 1000);

    const signup = await wire(emulator, '/auth/v1/signup', {
      body: { email, password: PASSWORD, data: { plan: 'pro' } },
    });
    const after = Math.floor(Date.now() / 1000);
    const { payload, protectedHeader } = await verified(signup.json.access_token);

    const { keys } = (await wire(emulator, '/auth/v1/.well-known/jwks.json')).json;
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: keys[0].kid, typ: 'JWT' });
    expect(Object.keys(payload)).toEqual([
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'email',
      'phone',
      'app_metadata',
      'user_metadata',
      'role',
      'aal',
      'amr',
      'session_id',
      'is_anonymous',
    ]);
    expect(payload).toEqual({
      iss: emulator.issuer,
      sub: signup.json.user.id,
      aud: 'authenticated',
      exp: payload.iat! + 120,
      iat: expect.any(Number),
      email,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { plan: 'pro', email, email_verified: true, phone_verified: false, sub: signup.json.user.id },
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: expect.any(Number) }],
      session_id: expect.stringMatching(UUID),
      is_anonymous: false,
    });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.iat).toBeLessThanOrEqual(after);
    expect(payload.sub).toMatch(UUID);
    expect(signup.json.expires_in).toBe(120);
    expect(signup.json.expires_at).toBe(payload.exp);
  });

  it('keep the session and its amr across a refresh, and get a new session on each sign-in', async () => {
    const email = uniqueEmail('session');
    const signup = await wire(emulator, '/auth/v1/signup', { body: { email, password: PASSWORD } });
    const first = (await verified(signup.json.access_token)).payload;

    const refreshed = await wire(emulator, '/auth/v1/token?grant_type=refresh_token', {
      body: { refresh_token: signup.json.refresh_token },
    });
    const signin = await wire(emulator, '/auth/v1/token?grant_type=password', { body: { email, password: PASSWORD } });
    const afterRefresh = (await verified(refreshed.json.access_token)).payload;
    const afterSignin = (await verified(signin.json.access_token)).payload;

    expect(afterRefresh.session_id).toBe(first.session_id);
    expect(afterRefresh.amr).toEqual(first.amr);
    expect(afterSignin.session_id).not.toBe(first.session_id);
    expect(afterSignin.sub).toBe(first.sub);
  });

  it('are minted for tests with the same claim set, any claim overridden or removed', async () => {
    const token = await emulator.control.signAccessToken({ role: 'anon', session_id: undefined, exp: 2_000_000_000 });

    const { payload } = await verified(token);

    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(payload).toMatchObject({
      iss: emulator.issuer,
      aud: 'authenticated',
      role: 'anon',
      exp: 2_000_000_000,
      is_anonymous: false,
    });
    expect(payload).not.toHaveProperty('session_id');
    expect(payload.sub).toMatch(UUID);
  });
});
