import { startAuthEmulator, type AuthEmulator } from '../../../local/auth/server';
import { PASSWORD, signUp, uniqueEmail, wire } from './harness';

let emulator: AuthEmulator;

beforeAll(async () => {
  emulator = await startAuthEmulator({});
});

afterAll(async () => {
  await emulator.close();
});

describe('the auth emulator on the wire', () => {
  describe('sessions', () => {
    it('answers signup with exactly the AccessTokenResponse fields', async () => {
      const before = Math.floor(Date.now() / 1000);

      const response = await wire(emulator, '/auth/v1/signup', { body: { email: uniqueEmail(), password: PASSWORD } });

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(Object.keys(response.json).sort()).toEqual([
        'access_token',
        'expires_at',
        'expires_in',
        'refresh_token',
        'token_type',
        'user',
      ]);
      expect(response.json).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
      expect(response.json.expires_at).toBeGreaterThanOrEqual(before + 3600);
      expect(response.json.access_token.split('.')).toHaveLength(3);
    });

    it('answers a user object with the fields auth-js needs', async () => {
      const session = await signUp(emulator);

      const response = await wire(emulator, '/auth/v1/user', { bearer: session.access_token });

      expect(response.status).toBe(200);
      expect(response.json).toEqual(session.user);
      for (const field of [
        'id',
        'aud',
        'role',
        'email',
        'phone',
        'app_metadata',
        'user_metadata',
        'identities',
        'created_at',
        'updated_at',
        'is_anonymous',
      ]) {
        expect(response.json).toHaveProperty(field);
      }
      expect(response.json.is_anonymous).toBe(false);
    });

    it('answers logout with 204 and no body', async () => {
      const session = await signUp(emulator);

      const response = await wire(emulator, '/auth/v1/logout?scope=local', {
        method: 'POST',
        bearer: session.access_token,
      });

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
    });
  });

  describe('errors', () => {
    it('writes the 2024-01-01 form and echoes the version header', async () => {
      const response = await wire(emulator, '/auth/v1/token?grant_type=password', {
        body: { email: uniqueEmail(), password: PASSWORD },
      });

      expect(response.status).toBe(400);
      expect(response.headers.get('x-supabase-api-version')).toBe('2024-01-01');
      expect(response.headers.get('x-sb-error-code')).toBe('invalid_credentials');
      expect(response.json).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
    });

    it("writes GoTrue's legacy form without echo to a client that sends no version", async () => {
      const response = await wire(emulator, '/auth/v1/token?grant_type=password', {
        apiVersion: false,
        body: { email: uniqueEmail(), password: PASSWORD },
      });

      expect(response.status).toBe(400);
      expect(response.headers.get('x-supabase-api-version')).toBeNull();
      expect(response.json).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
    });

    it('adds the reasons to weak_password', async () => {
      const response = await wire(emulator, '/auth/v1/signup', { body: { email: uniqueEmail(), password: 'abc' } });

      expect(response.status).toBe(422);
      expect(response.json).toEqual({
        code: 'weak_password',
        message: 'Password should be at least 6 characters.',
        weak_password: { reasons: ['length'] },
      });
    });

    it.each([
      ['malformed JSON', '{"email": '],
      ['an empty body', ''],
      ['a JSON array', '[1,2]'],
      ['a JSON string', '"hello"'],
    ])('answers %s with 400 bad_json and keeps serving', async (_, body) => {
      const response = await wire(emulator, '/auth/v1/signup', { body });

      expect(response.status).toBe(400);
      expect(response.json).toEqual({
        code: 'bad_json',
        message: expect.stringMatching(/^Could not parse request body as JSON: /),
      });
      expect((await wire(emulator, '/auth/v1/health')).status).toBe(200);
    });

    it('answers a body over 64 KiB with 413 request_too_large', async () => {
      const response = await wire(emulator, '/auth/v1/signup', {
        body: { email: uniqueEmail(), password: PASSWORD, data: { blob: 'x'.repeat(70_000) } },
      });

      expect(response.status).toBe(413);
      expect(response.json).toEqual({ code: 'request_too_large', message: 'Request body is larger than 65536 bytes' });
    });

    it('answers a chunked body that grows past 64 KiB with 413 too', async () => {
      const chunk = new TextEncoder().encode('x'.repeat(16_384));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 5) controller.enqueue(chunk);
          else controller.close();
        },
      });

      const response = await fetch(`${emulator.url}/auth/v1/signup`, {
        method: 'POST',
        headers: {
          apikey: emulator.anonKey,
          'X-Supabase-Api-Version': '2024-01-01',
          'Content-Type': 'application/json',
        },
        body,
        duplex: 'half',
      } as RequestInit);

      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ code: 'request_too_large' });
    });

    it.each([
      ['no email', { password: PASSWORD }, 400, 'validation_failed', 'Sign up only available with email provider'],
      [
        'a malformed email',
        { email: 'nope', password: PASSWORD },
        400,
        'validation_failed',
        'Unable to validate email address: invalid format',
      ],
      ['no password', { email: 'a@example.com' }, 400, 'validation_failed', 'Signup requires a valid password'],
      [
        'data that is not an object',
        { email: 'a@example.com', password: PASSWORD, data: [1] },
        400,
        'validation_failed',
        'data must be a JSON object',
      ],
      [
        'a phone number (400, as GoTrue with the phone provider off)',
        { phone: '+15555550100', password: PASSWORD },
        400,
        'phone_provider_disabled',
        'Phone signups are disabled',
      ],
      [
        'a malformed email and a short password: the password is checked first, as GoTrue does',
        { email: 'nope', password: '123' },
        422,
        'weak_password',
        'Password should be at least 6 characters.',
      ],
      [
        'both an email and a phone number',
        { email: 'a@example.com', phone: '+15555550100', password: PASSWORD },
        400,
        'validation_failed',
        'Only an email address or phone number should be provided on signup.',
      ],
    ])('refuses a signup with %s', async (_, body, status, code, message) => {
      const response = await wire(emulator, '/auth/v1/signup', { body });

      expect(response.status).toBe(status);
      expect(response.json).toMatchObject({ code, message });
    });

    it.each([
      ['password', {}, 'validation_failed', 'missing email or phone'],
      [
        'password',
        { email: 'a@example.com', phone: '+15555550100', password: PASSWORD },
        'validation_failed',
        'Only an email address or phone number should be provided on login.',
      ],
      ['refresh_token', {}, 'validation_failed', 'refresh_token required'],
      [
        'refresh_token',
        { refresh_token: 'never-issued' },
        'refresh_token_not_found',
        'Invalid Refresh Token: Refresh Token Not Found',
      ],
      [
        'client_credentials',
        {},
        'validation_failed',
        'unsupported_grant_type: "client_credentials" (the emulator supports password and refresh_token)',
      ],
    ])('refuses a %s grant with %p', async (grant, body, code, message) => {
      const response = await wire(emulator, `/auth/v1/token?grant_type=${grant}`, { body });

      expect(response.status).toBe(400);
      expect(response.json).toEqual({ code, message });
    });

    it('answers /user without a Bearer token with 401 no_authorization', async () => {
      const response = await wire(emulator, '/auth/v1/user');

      expect(response.status).toBe(401);
      expect(response.json).toEqual({ code: 'no_authorization', message: 'This endpoint requires a Bearer token' });
    });

    it('answers /user and /logout with a garbage token with 403 bad_jwt', async () => {
      const user = await wire(emulator, '/auth/v1/user', { bearer: 'not.a.jwt' });
      const logout = await wire(emulator, '/auth/v1/logout', { method: 'POST', bearer: 'garbage' });

      for (const response of [user, logout]) {
        expect(response.status).toBe(403);
        expect(response.json).toEqual({
          code: 'bad_jwt',
          message: 'invalid JWT: unable to parse or verify signature, token is malformed',
        });
      }
    });

    it('answers an expired token with 403 bad_jwt naming the expiry', async () => {
      const session = await signUp(emulator);
      const expired = await emulator.control.signAccessToken({
        sub: session.user.id,
        exp: Math.floor(Date.now() / 1000) - 1,
      });

      const response = await wire(emulator, '/auth/v1/user', { bearer: expired });

      expect(response.status).toBe(403);
      expect(response.json).toEqual({
        code: 'bad_jwt',
        message: 'invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired',
      });
    });

    it('answers a token for an unknown user with 403 user_not_found', async () => {
      const response = await wire(emulator, '/auth/v1/user', { bearer: await emulator.control.signAccessToken() });

      expect(response.status).toBe(403);
      expect(response.json).toEqual({ code: 'user_not_found', message: 'User from sub claim in JWT does not exist' });
    });

    it('answers the token of an ended session with 403 session_not_found', async () => {
      const session = await signUp(emulator);
      await wire(emulator, '/auth/v1/logout', { method: 'POST', bearer: session.access_token });

      const response = await wire(emulator, '/auth/v1/user', { bearer: session.access_token });

      expect(response.status).toBe(403);
      expect(response.json).toEqual({
        code: 'session_not_found',
        message: 'Session from session_id claim in JWT does not exist',
      });
    });

    it('refuses an unknown logout scope', async () => {
      const session = await signUp(emulator);

      const response = await wire(emulator, '/auth/v1/logout?scope=everyone', {
        method: 'POST',
        bearer: session.access_token,
      });

      expect(response.status).toBe(400);
      expect(response.json).toEqual({ code: 'validation_failed', message: 'Unsupported logout scope "everyone"' });
    });

    it('answers an unknown route with 404 and a known route with the wrong method with 405', async () => {
      const unknown = await wire(emulator, '/auth/v1/magic');
      const wrongMethod = await wire(emulator, '/auth/v1/signup');

      expect([unknown.status, unknown.json.code]).toEqual([404, 'not_found']);
      expect([wrongMethod.status, wrongMethod.json.code]).toEqual([405, 'method_not_allowed']);
    });
  });

  describe("the API gateway's apikey", () => {
    it("refuses a request without apikey as Supabase's gateway does", async () => {
      const response = await wire(emulator, '/auth/v1/signup', {
        apiKey: false,
        body: { email: uniqueEmail(), password: PASSWORD },
      });

      expect(response.status).toBe(401);
      expect(response.json).toEqual({
        message: 'No API key found in request',
        hint: 'No `apikey` request header or url param was found.',
      });
    });

    it('refuses a wrong apikey', async () => {
      const response = await wire(emulator, '/auth/v1/health', {
        apiKey: false,
        headers: { apikey: 'sb_publishable_wrong' },
      });

      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ message: 'Invalid API key' });
    });

    it('accepts the apikey as a query parameter', async () => {
      const response = await wire(emulator, `/auth/v1/health?apikey=${emulator.anonKey}`, { apiKey: false });

      expect(response.status).toBe(200);
    });

    it('issues an anon key in the sb_publishable_ style', () => {
      expect(emulator.anonKey).toMatch(/^sb_publishable_[A-Za-z0-9]{32}$/);
    });
  });

  describe('the JWKS', () => {
    it("is open, cached ten minutes and in Supabase's key shape", async () => {
      const response = await wire(emulator, '/auth/v1/.well-known/jwks.json', { apiKey: false, apiVersion: false });

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=600');
      expect(response.json.keys).toEqual([
        {
          alg: 'ES256',
          crv: 'P-256',
          ext: true,
          key_ops: ['verify'],
          kid: expect.stringMatching(/^[0-9a-f-]{36}$/),
          kty: 'EC',
          use: 'sig',
          x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          y: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        },
      ]);
      expect(emulator.jwksUrl).toBe(`${emulator.url}/auth/v1/.well-known/jwks.json`);
    });
  });

  describe('CORS', () => {
    it('answers a browser preflight without an apikey', async () => {
      const response = await fetch(`${emulator.url}/auth/v1/token?grant_type=password`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:5173',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers':
            'apikey, authorization, content-type, x-client-info, x-supabase-api-version',
        },
      });

      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')).toBe(
        'apikey, authorization, content-type, x-client-info, x-supabase-api-version',
      );
    });

    it('lets a browser read the version header of an error, or supabase-js would lose the code', async () => {
      const response = await wire(emulator, '/auth/v1/user', { headers: { Origin: 'http://localhost:5173' } });

      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-expose-headers')).toContain('X-Supabase-Api-Version');
    });
  });
});
