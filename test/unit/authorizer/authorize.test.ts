import { ANONYMOUS_PRINCIPAL, createAuthorizer, type Authorize } from '../../../lambdas/authorizer/authorize';
import { loadAuthorizerConfig } from '../../../lambdas/authorizer/config';
import { createJwksFetcher } from '../../../lambdas/authorizer/jwks-fetcher';
import { createJsonLogger } from '../../../lambdas/authorizer/logger';
import { SigningKeys } from '../../../lambdas/authorizer/signing-keys';
import { createTokenVerifier } from '../../../lambdas/authorizer/verify-token';
import {
  generateEs256Key,
  mintAccessToken,
  startJwksServer,
  supabaseClaims,
  tokenEvent,
  type Claims,
  type JwksServer,
} from '../../support/jwt';

const key = generateEs256Key();
const WILDCARD = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod/*/*';

let server: JwksServer;
let lines: string[];
let authorize: Authorize;

/** An authorizer on the real loopback JWKS whose log lines land in `lines`. */
function authorizer(): Authorize {
  const config = loadAuthorizerConfig(server.env());
  const keys = new SigningKeys({ jwksUrl: config.jwksUrl, fetcher: createJwksFetcher() });
  return createAuthorizer({
    verifyToken: createTokenVerifier({ config, keys }),
    logger: createJsonLogger('authorizer', (line) => lines.push(line)),
  });
}

beforeAll(async () => {
  server = await startJwksServer([key]);
});

beforeEach(() => {
  lines = [];
  server.recover();
  authorize = authorizer();
});

afterAll(() => server.close());

const now = (): number => Math.floor(Date.now() / 1000);
const claims = (overrides: Claims = {}): Claims => ({ ...supabaseClaims({ issuer: server.issuer }), ...overrides });
const logged = (): Array<Record<string, unknown>> => lines.map((line) => JSON.parse(line));

describe('authorize', () => {
  it('allows a valid token on the whole API and stage, with the identity as a flat context', async () => {
    const c = claims();
    const result = await authorize(tokenEvent(`Bearer ${await mintAccessToken(key, c)}`));
    expect(result).toEqual({
      principalId: c.sub,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: WILDCARD }],
      },
      context: {
        sub: c.sub,
        email: 'ada@example.com',
        role: 'authenticated',
        sessionId: c.session_id,
        aal: 'aal1',
        exp: c.exp,
        iat: c.iat,
      },
    });
    expect(Object.values(result.context!).every((v) => ['string', 'number', 'boolean'].includes(typeof v))).toBe(true);
  });

  it('gives an empty email to a user without one', async () => {
    const result = await authorize(tokenEvent(`Bearer ${await mintAccessToken(key, claims({ email: undefined }))}`));
    expect(result.context).toMatchObject({ email: '' });
  });

  it('denies a bad token on the same resource with only code and message, as an anonymous principal', async () => {
    const result = await authorize(tokenEvent(`Bearer ${await mintAccessToken(key, claims({ role: 'anon' }))}`));
    expect(result).toEqual({
      principalId: ANONYMOUS_PRINCIPAL,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: WILDCARD }],
      },
      context: { code: 'unauthorized', message: 'token role must be "authenticated"' },
    });
  });

  it('denies an expired token as token_expired, with its proven sub as the principal', async () => {
    const c = claims({ iat: now() - 7200, exp: now() - 3600 });
    const result = await authorize(tokenEvent(`Bearer ${await mintAccessToken(key, c)}`));
    expect(result.principalId).toBe(c.sub);
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny', Resource: WILDCARD });
    expect(result.context).toEqual({ code: 'token_expired', message: 'token has expired' });
  });

  it('throws an ordinary error, never "Unauthorized", when the keys cannot be fetched', async () => {
    server.fail(503);
    const attempt = authorize(tokenEvent(`Bearer ${await mintAccessToken(key, claims())}`));
    await expect(attempt).rejects.toThrow('authorizer could not verify the token: VerificationUnavailableError');
    await expect(attempt).rejects.not.toThrow(/^Unauthorized$/);
    expect(logged().at(-1)).toMatchObject({ level: 'ERROR', decision: 'error', error: 'VerificationUnavailableError' });
  });

  it('logs the Deny for a forged token with an unknown kid at INFO, and nothing at ERROR', async () => {
    const forgedKey = generateEs256Key();
    const result = await authorize(tokenEvent(`Bearer ${await mintAccessToken(forgedKey, claims())}`));
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(logged()).toEqual([
      expect.objectContaining({ level: 'INFO', decision: 'deny', code: 'unauthorized', kid: forgedKey.kid }),
    ]);
  });

  it('throws on an event without a method ARN it can scope', async () => {
    const token = await mintAccessToken(key, claims());
    await expect(authorize(tokenEvent(`Bearer ${token}`, 'not-an-arn'))).rejects.toThrow(
      'authorizer could not verify the token: Error',
    );
  });

  it('logs one JSON line per decision with decision, code, sub, kid and latency, and never the token', async () => {
    const good = claims();
    const goodToken = await mintAccessToken(key, good);
    const expiredToken = await mintAccessToken(key, claims({ iat: now() - 7200, exp: now() - 3600 }));
    const badToken = await mintAccessToken(key, claims({ aud: 'anon' }));
    for (const token of [goodToken, expiredToken, badToken]) await authorize(tokenEvent(`Bearer ${token}`));
    expect(logged()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        service: 'authorizer',
        decision: 'allow',
        sub: good.sub,
        kid: key.kid,
        latencyMs: expect.any(Number),
      }),
      expect.objectContaining({
        decision: 'deny',
        code: 'token_expired',
        sub: expect.any(String),
        kid: key.kid,
        latencyMs: expect.any(Number),
      }),
      expect.objectContaining({
        decision: 'deny',
        code: 'unauthorized',
        message: 'token aud is not accepted',
        kid: key.kid,
      }),
    ]);
    for (const token of [goodToken, expiredToken, badToken]) {
      for (const segment of token.split('.')) expect(lines.join('\n')).not.toContain(segment);
    }
  });

  it('logs no more than 64 characters of an attacker-chosen kid', async () => {
    const token = await mintAccessToken(key, claims({ iat: now() - 600, exp: now() + 3000 }), {
      kid: 'k'.repeat(1000),
    });
    await authorize(tokenEvent(`Bearer ${token}`));
    expect(logged()[0]).toMatchObject({ decision: 'deny', kid: 'k'.repeat(64) });
  });
});
