import { randomUUID, sign } from 'node:crypto';
import { loadAuthorizerConfig } from '../../../lambdas/authorizer/config';
import { VerificationUnavailableError } from '../../../lambdas/authorizer/errors';
import { createJwksFetcher } from '../../../lambdas/authorizer/jwks-fetcher';
import { SigningKeys } from '../../../lambdas/authorizer/signing-keys';
import { createTokenVerifier, type TokenVerifier } from '../../../lambdas/authorizer/verify-token';
import {
  base64url,
  generateEs256Key,
  generateOtherKey,
  mintAccessToken,
  signCompact,
  signHs256,
  startJwksServer,
  supabaseClaims,
  withSignature,
  type Claims,
  type JwksServer,
} from '../../support/jwt';

// Real keys: the project's published key, keys of the wrong type published under their own kid
// (a misconfigured or hostile JWKS entry), and an attacker's key that is published nowhere.
const key = generateEs256Key();
const attacker = generateEs256Key();
const rsa = generateOtherKey('rsa');
const p384 = generateOtherKey('p384');
const LEGACY_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

let server: JwksServer;
let verifyToken: TokenVerifier;

beforeAll(async () => {
  server = await startJwksServer([key, rsa, p384]);
  const config = loadAuthorizerConfig(server.env());
  const keys = new SigningKeys({ jwksUrl: config.jwksUrl, fetcher: createJwksFetcher() });
  await keys.refresh();
  verifyToken = createTokenVerifier({ config, keys });
});

afterAll(() => server.close());

const now = (): number => Math.floor(Date.now() / 1000);
const claims = (overrides: Claims = {}): Claims => ({ ...supabaseClaims({ issuer: server.issuer }), ...overrides });
const without = (...names: string[]): Claims => {
  const c = claims();
  for (const name of names) delete c[name];
  return c;
};
const header = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  alg: 'ES256',
  kid: key.kid,
  typ: 'JWT',
  ...overrides,
});
/** A well-formed token carrying `payload`, properly signed with the published key. */
const signed = (payload: string | Claims, headerOverrides: Record<string, unknown> = {}): string =>
  signCompact(header(headerOverrides), payload, key.privateKey);
const bearer = (token: string): string => `Bearer ${token}`;

/** `segment` with `A`s appended up to a length of 4n+1, which a lenient decoder would still read. */
const toLength4nPlus1 = (segment: string): string => segment + 'A'.repeat((((1 - segment.length) % 4) + 4) % 4 || 4);
type Expected = 'allow' | ['unauthorized' | 'token_expired', string];
type Row = [name: string, authorization: () => string | Promise<string>, expected: Expected];

const BAD_SIGNATURE: Expected = ['unauthorized', 'token signature is invalid'];
const NOT_ES256: Expected = ['unauthorized', 'token must be signed with ES256'];
const BAD_SHAPE: Expected = ['unauthorized', 'access token must be a JWT: three base64url segments'];
const BAD_SCHEME: Expected = ['unauthorized', 'Authorization header must be "Bearer <access token>"'];
const refused = (name: string): Expected => ['unauthorized', `token header must not contain "${name}"`];
const LIFETIME: Expected = ['unauthorized', 'token lifetime (exp - iat) is not accepted'];

const hostile: Row[] = [
  [
    'alg none with an empty signature',
    () => bearer(`${base64url(JSON.stringify(header({ alg: 'none' })))}.${base64url(JSON.stringify(claims()))}.`),
    BAD_SHAPE,
  ],
  ['alg none with a signature', () => bearer(signed(claims(), { alg: 'none' })), NOT_ES256],
  ['alg None', () => bearer(signed(claims(), { alg: 'None' })), NOT_ES256],
  [
    'HS256 signed with the published public key (algorithm confusion)',
    () => bearer(signHs256(header({ alg: 'HS256' }), claims(), key.publicKey.export({ format: 'pem', type: 'spki' }))),
    NOT_ES256,
  ],
  [
    'a legacy HS256 Supabase token signed with the project secret',
    () => bearer(signHs256({ alg: 'HS256', typ: 'JWT' }, claims(), LEGACY_SECRET)),
    NOT_ES256,
  ],
  [
    'an ES384 header signed with a published P-384 key',
    () => bearer(signCompact(header({ alg: 'ES384', kid: p384.kid }), claims(), p384.privateKey)),
    NOT_ES256,
  ],
  [
    'an RS256 header signed with a published RSA key',
    () => bearer(signCompact(header({ alg: 'RS256', kid: rsa.kid }), claims(), rsa.privateKey)),
    NOT_ES256,
  ],
  [
    'ES256 naming a published RSA key',
    () => bearer(signCompact(header({ kid: rsa.kid }), claims(), rsa.privateKey)),
    ['unauthorized', 'token signing key is not an EC P-256 verification key'],
  ],
  [
    'ES256 naming a published P-384 key',
    () => bearer(signCompact(header({ kid: p384.kid }), claims(), p384.privateKey)),
    ['unauthorized', 'token signing key is not an EC P-256 verification key'],
  ],
  [
    'missing kid',
    () => bearer(signCompact({ alg: 'ES256', typ: 'JWT' }, claims(), key.privateKey)),
    ['unauthorized', 'token header must name its signing key (kid)'],
  ],
  [
    'a numeric kid',
    () => bearer(signed(claims(), { kid: 7 })),
    ['unauthorized', 'token header must name its signing key (kid)'],
  ],
  // Issued before the key set was fetched: the issuer would have published its key by then.
  [
    'an unknown kid signed with an attacker key',
    () => bearer(signCompact(header({ kid: attacker.kid }), claims(), attacker.privateKey)),
    ['unauthorized', 'token signing key (kid) is not published by the issuer'],
  ],
  [
    'a path-traversal kid',
    () => bearer(signCompact(header({ kid: '../../../../etc/passwd' }), claims(), attacker.privateKey)),
    ['unauthorized', 'token signing key (kid) is not published by the issuer'],
  ],
  [
    'the real kid signed with an attacker key',
    () => bearer(signCompact(header(), claims(), attacker.privateKey)),
    BAD_SIGNATURE,
  ],
  [
    'a jku header pointing at the attacker JWKS',
    () =>
      bearer(
        signCompact(
          header({ kid: attacker.kid, jku: 'https://evil.example/jwks.json' }),
          claims(),
          attacker.privateKey,
        ),
      ),
    refused('jku'),
  ],
  [
    'an x5u header pointing at the attacker certificate',
    () =>
      bearer(
        signCompact(header({ kid: attacker.kid, x5u: 'https://evil.example/cert.pem' }), claims(), attacker.privateKey),
      ),
    refused('x5u'),
  ],
  [
    'an embedded jwk header with the attacker key',
    () => bearer(signCompact(header({ kid: attacker.kid, jwk: attacker.publicJwk }), claims(), attacker.privateKey)),
    refused('jwk'),
  ],
  [
    'an embedded jwk header next to the real kid',
    () => bearer(signCompact(header({ jwk: attacker.publicJwk }), claims(), attacker.privateKey)),
    refused('jwk'),
  ],
  [
    'an x5c header with the attacker certificate chain',
    () => bearer(signCompact(header({ x5c: ['MIIB...'] }), claims(), attacker.privateKey)),
    refused('x5c'),
  ],
  ['a crit header', () => bearer(signed(claims(), { crit: ['exp'], exp: 1 })), refused('crit')],
  ['b64 false (unencoded payload)', () => bearer(signed(claims(), { b64: false })), refused('b64')],
  ['typ at+jwt', () => bearer(signed(claims(), { typ: 'at+jwt' })), ['unauthorized', 'token typ must be "JWT"']],
  ['an r = s = 0 signature', () => bearer(withSignature(signed(claims()), base64url(Buffer.alloc(64)))), BAD_SIGNATURE],
  [
    'a DER-encoded signature',
    () => {
      const token = signed(claims());
      const input = token.split('.').slice(0, 2).join('.');
      return bearer(withSignature(token, base64url(sign('sha256', Buffer.from(input), key.privateKey))));
    },
    BAD_SIGNATURE,
  ],
  [
    'a truncated signature',
    () => {
      const token = signed(claims());
      return bearer(token.slice(0, token.lastIndexOf('.') + 40));
    },
    BAD_SIGNATURE,
  ],
  [
    'a payload changed after signing',
    () => {
      const [h, , s] = signed(claims()).split('.');
      return bearer(`${h}.${base64url(JSON.stringify(claims()))}.${s}`);
    },
    BAD_SIGNATURE,
  ],
  [
    'a wrong issuer',
    () => bearer(signed(claims({ iss: 'https://evil.supabase.co/auth/v1' }))),
    ['unauthorized', 'token iss is not accepted'],
  ],
  [
    'the issuer with a trailing slash',
    () => bearer(signed(claims({ iss: `${server.issuer}/` }))),
    ['unauthorized', 'token iss is not accepted'],
  ],
  ['a wrong audience', () => bearer(signed(claims({ aud: 'anon' }))), ['unauthorized', 'token aud is not accepted']],
  [
    'an audience array without authenticated',
    () => bearer(signed(claims({ aud: ['anon', 'service_role'] }))),
    ['unauthorized', 'token aud is not accepted'],
  ],
  [
    'expired beyond the leeway',
    () => bearer(signed(claims({ iat: now() - 3700, exp: now() - 60 }))),
    ['token_expired', 'token has expired'],
  ],
  [
    'expired beyond the leeway and anon',
    () => bearer(signed(claims({ iat: now() - 3700, exp: now() - 60, role: 'anon' }))),
    ['unauthorized', 'token role must be "authenticated"'],
  ],
  [
    'expired beyond the leeway and signed by an attacker',
    () => bearer(signCompact(header(), claims({ iat: now() - 3700, exp: now() - 60 }), attacker.privateKey)),
    BAD_SIGNATURE,
  ],
  ['missing exp', () => bearer(signed(without('exp'))), ['unauthorized', 'token exp must be a number']],
  [
    'exp as a string',
    () => bearer(signed(claims({ exp: String(now() + 3600) }))),
    ['unauthorized', 'token exp must be a number'],
  ],
  [
    'exp 1e999 (Infinity once parsed)',
    () => bearer(signed(JSON.stringify(claims()).replace(/"exp":\d+/, '"exp":1e999'))),
    ['unauthorized', 'token exp must be a number'],
  ],
  ['a far-future exp', () => bearer(signed(claims({ exp: now() + 10 * 365 * 86400 }))), LIFETIME],
  ['exp not after iat', () => bearer(signed(claims({ exp: now(), iat: now() }))), LIFETIME],
  ['missing iat', () => bearer(signed(without('iat'))), ['unauthorized', 'token iat must be a number']],
  [
    'a future iat beyond the leeway',
    () => bearer(signed(claims({ iat: now() + 120, exp: now() + 3720 }))),
    ['unauthorized', 'token iat is in the future'],
  ],
  [
    'a future nbf beyond the leeway',
    () => bearer(signed(claims({ nbf: now() + 120 }))),
    ['unauthorized', 'token is not valid yet (nbf)'],
  ],
  [
    'nbf as a string',
    () => bearer(signed(claims({ nbf: String(now()) }))),
    ['unauthorized', 'token is not valid yet (nbf)'],
  ],
  ['missing sub', () => bearer(signed(without('sub'))), ['unauthorized', 'token sub must be a user UUID']],
  ['a non-UUID sub', () => bearer(signed(claims({ sub: 'admin' }))), ['unauthorized', 'token sub must be a user UUID']],
  [
    'a sub that is an array holding a UUID',
    () => bearer(signed(claims({ sub: [randomUUID()] }))),
    ['unauthorized', 'token sub must be a user UUID'],
  ],
  [
    'a non-UUID session_id',
    () => bearer(signed(claims({ session_id: 'abc' }))),
    ['unauthorized', 'token session_id must be a UUID'],
  ],
  ['role anon', () => bearer(signed(claims({ role: 'anon' }))), ['unauthorized', 'token role must be "authenticated"']],
  [
    'role service_role',
    () => bearer(signed(claims({ role: 'service_role' }))),
    ['unauthorized', 'token role must be "authenticated"'],
  ],
  [
    'missing session_id',
    () => bearer(signed(without('session_id'))),
    ['unauthorized', 'token session_id must be a UUID'],
  ],
  [
    'an anonymous sign-in user',
    () => bearer(signed(claims({ is_anonymous: true }))),
    ['unauthorized', 'anonymous users are not accepted'],
  ],
  [
    'is_anonymous as a string',
    () => bearer(signed(claims({ is_anonymous: 'false' }))),
    ['unauthorized', 'token is_anonymous must be a boolean'],
  ],
  [
    'an unknown aal',
    () => bearer(signed(claims({ aal: 'aal9' }))),
    ['unauthorized', 'token aal must be aal1, aal2 or aal3'],
  ],
  [
    'a gateway-minted API key token (iss supabase, role anon, no sub)',
    () => bearer(signed({ iss: 'supabase', role: 'anon', iat: now(), exp: now() + 3600 })),
    ['unauthorized', 'token iss is not accepted'],
  ],
  [
    'a token larger than 8 KiB',
    () => bearer(signed(claims({ user_metadata: { bio: 'x'.repeat(8192) } }))),
    ['unauthorized', 'access token is larger than 8 KiB'],
  ],
  ['four segments', () => bearer(`${signed(claims())}.${base64url('x')}`), BAD_SHAPE],
  ['base64 padding', () => bearer(signed(claims()).replace('.', '=.')), BAD_SHAPE],
  [
    'a header segment of 4n+1 characters (no byte string encodes to that)',
    () => {
      const [h, p, s] = signed(claims()).split('.') as [string, string, string];
      return bearer(`${toLength4nPlus1(h)}.${p}.${s}`);
    },
    ['unauthorized', 'token header is not a base64url-encoded JSON object'],
  ],
  [
    'a payload segment of 4n+1 characters',
    () => {
      const [h, p, s] = signed(claims()).split('.') as [string, string, string];
      return bearer(`${h}.${toLength4nPlus1(p)}.${s}`);
    },
    ['unauthorized', 'token payload is not a base64url-encoded JSON object'],
  ],
  [
    "an audience array holding a number next to authenticated (aws-jwt-verify's strict claim types)",
    () => bearer(signed(claims({ aud: ['authenticated', 1] }))),
    ['unauthorized', 'token header or claims are not valid JWT JSON'],
  ],
  [
    'a header that is not JSON',
    () => bearer(signCompact('{"alg":"ES256",', claims(), key.privateKey)),
    ['unauthorized', 'token header is not a base64url-encoded JSON object'],
  ],
  [
    'a payload that is a JSON array',
    () => bearer(signed('[1,2,3]')),
    ['unauthorized', 'token payload is not a base64url-encoded JSON object'],
  ],
  ['two spaces after Bearer', () => `Bearer  ${signed(claims())}`, BAD_SHAPE],
  ['a trailing newline', () => `${bearer(signed(claims()))}\n`, BAD_SHAPE],
  ['a tab instead of the space', () => `Bearer\t${signed(claims())}`, BAD_SCHEME],
  ['no Bearer scheme', () => signed(claims()), BAD_SCHEME],
  ['a lower-case bearer scheme', () => `bearer ${signed(claims())}`, BAD_SCHEME],
  ['an empty header', () => '', BAD_SCHEME],
  [
    'an sb_publishable key instead of a JWT',
    () => bearer(`sb_publishable_${randomUUID().replaceAll('-', '')}`),
    BAD_SHAPE,
  ],
];

describe('verifyToken', () => {
  it('accepts a Supabase access token and returns the identity for the context', async () => {
    const c = claims({ aal: 'aal2' });
    const verdict = await verifyToken(bearer(await mintAccessToken(key, c)));
    expect(verdict).toEqual({
      ok: true,
      kid: key.kid,
      identity: {
        sub: c.sub,
        email: 'ada@example.com',
        role: 'authenticated',
        sessionId: c.session_id,
        aal: 'aal2',
        exp: c.exp,
        iat: c.iat,
      },
    });
  });

  it.each<Row>([
    ['expired within the leeway', () => bearer(signed(claims({ iat: now() - 3610, exp: now() - 10 }))), 'allow'],
    [
      'issued in the future within the leeway',
      () => bearer(signed(claims({ iat: now() + 10, exp: now() + 3610 }))),
      'allow',
    ],
    [
      'an audience array containing authenticated',
      () => bearer(signed(claims({ aud: ['authenticated', 'other'] }))),
      'allow',
    ],
    [
      'a token without email, aal or is_anonymous',
      () => bearer(signed(without('email', 'aal', 'is_anonymous'))),
      'allow',
    ],
  ])('accepts %s', async (_name, authorization) => {
    expect(await verifyToken(await authorization())).toMatchObject({ ok: true });
  });

  it.each<Row>(hostile)('rejects %s', async (_name, authorization, expected) => {
    const [code, message] = expected as [string, string];
    expect(await verifyToken(await authorization())).toMatchObject({ ok: false, code, message });
  });

  it('reports the sub of an expired token, whose signature proved it, and no sub for a forged one', async () => {
    const expired = claims({ iat: now() - 3700, exp: now() - 60 });
    expect(await verifyToken(bearer(signed(expired)))).toMatchObject({
      ok: false,
      code: 'token_expired',
      sub: expired.sub,
      kid: key.kid,
    });
    const forged = await verifyToken(bearer(signCompact(header(), expired, attacker.privateKey)));
    expect(forged).toMatchObject({ ok: false, code: 'unauthorized', kid: key.kid });
    expect(forged).not.toHaveProperty('sub', expect.anything());
  });

  it('accepts anonymous sign-in users when the configuration allows them', async () => {
    const config = loadAuthorizerConfig({ ...server.env(), AUTH_ALLOW_ANONYMOUS: 'true' });
    const keys = new SigningKeys({ jwksUrl: config.jwksUrl, fetcher: createJwksFetcher() });
    const verify = createTokenVerifier({ config, keys });
    expect(await verify(bearer(signed(claims({ is_anonymous: true }))))).toMatchObject({ ok: true });
  });

  it('throws instead of denying when the JWKS has never been fetched and cannot be', async () => {
    const config = loadAuthorizerConfig(server.env());
    const keys = new SigningKeys({ jwksUrl: config.jwksUrl, fetcher: createJwksFetcher() });
    server.fail(503);
    try {
      await expect(createTokenVerifier({ config, keys })(bearer(signed(claims())))).rejects.toThrow(
        VerificationUnavailableError,
      );
    } finally {
      server.recover();
    }
  });
});
