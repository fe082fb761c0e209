/**
 * The rule for a `kid` missing from the cached key set, through the whole verifier on a real
 * loopback JWKS with real ES256 keys, the clock driven by the test: one shared refetch, at most
 * one per 10 s counted from the last refetch made for an unknown kid, and an answer that rests
 * on that refetch alone (key found: verify; fetch failed: throw; key absent: Deny), whatever the
 * unverified payload says.
 */
import { randomUUID } from 'node:crypto';
import { loadAuthorizerConfig } from '../../../lambdas/authorizer/config';
import { VerificationUnavailableError } from '../../../lambdas/authorizer/errors';
import { createJwksFetcher } from '../../../lambdas/authorizer/jwks-fetcher';
import { SigningKeys } from '../../../lambdas/authorizer/signing-keys';
import { createTokenVerifier, type TokenVerifier } from '../../../lambdas/authorizer/verify-token';
import {
  generateEs256Key,
  mintAccessToken,
  startJwksServer,
  supabaseClaims,
  type Claims,
  type JwksServer,
  type TestSigningKey,
} from '../../support/jwt';

const WINDOW_MS = 10_000;
const TEN_MINUTES = 600_000;
const NOT_PUBLISHED = expect.objectContaining({
  ok: false,
  code: 'unauthorized',
  message: 'token signing key (kid) is not published by the issuer',
});

const published = generateEs256Key();
const rotated = generateEs256Key();

let server: JwksServer;
let clock: number;

beforeEach(async () => {
  // Real time at the start (aws-jwt-verify reads Date.now() for exp), then moved by the test only.
  clock = Date.now();
  server = await startJwksServer([published]);
});

afterEach(() => server.close());

const advance = (ms: number): void => {
  clock += ms;
};
const nowSeconds = (): number => Math.floor(clock / 1000);

/** A verifier as the handler builds one, its key set fetched at "cold start". */
async function coldStart(): Promise<TokenVerifier> {
  const config = loadAuthorizerConfig(server.env());
  const keys = new SigningKeys({ jwksUrl: config.jwksUrl, fetcher: createJwksFetcher(), now: () => clock });
  await keys.refresh();
  return createTokenVerifier({ config, keys, now: () => clock });
}

/** `Bearer` + a token signed by `key` with otherwise valid claims, issued `iatOffset` seconds from now. */
async function tokenSignedBy(key: TestSigningKey, iatOffset = 0, overrides: Claims = {}): Promise<string> {
  const iat = nowSeconds() + iatOffset;
  const claims = { ...supabaseClaims({ issuer: server.issuer }), iat, exp: iat + 3600, ...overrides };
  return `Bearer ${await mintAccessToken(key, claims)}`;
}

/** A token an attacker signed with a key of their own under a random `kid`. */
const forged = (iatOffset = 0, overrides: Claims = {}): Promise<string> =>
  tokenSignedBy(generateEs256Key(randomUUID()), iatOffset, overrides);

describe('an unknown kid', () => {
  it('denies a forged token with a random kid whatever its iat, right after cold start and right after a refetch, and never throws', async () => {
    const verify = await coldStart();
    for (const iatOffset of [0, 29, -60]) expect(await verify(await forged(iatOffset))).toEqual(NOT_PUBLISHED);
    advance(WINDOW_MS);
    for (const iatOffset of [0, 29, -60]) expect(await verify(await forged(iatOffset))).toEqual(NOT_PUBLISHED);
    expect(server.requests).toBe(3);
  });

  it.each([
    ['issued before the cold start', -600],
    ['issued now', 0],
    ['issued 29 s ahead of our clock', 29],
  ])('accepts a key published after the cold start on first sight, for a token %s', async (_name, iatOffset) => {
    const verify = await coldStart();
    server.publish([published, rotated]);
    expect(await verify(await tokenSignedBy(rotated, iatOffset))).toMatchObject({ ok: true, kid: rotated.kid });
    expect(server.requests).toBe(2);
  });

  it('counts the window from the last refetch for an unknown kid, not from the scheduled refresh', async () => {
    const verify = await coldStart();
    advance(TEN_MINUTES);
    expect(await verify(await tokenSignedBy(published))).toMatchObject({ ok: true });
    expect(server.requests).toBe(2);
    server.publish([published, rotated]);
    expect(await verify(await tokenSignedBy(rotated))).toMatchObject({ ok: true, kid: rotated.kid });
    expect(server.requests).toBe(3);
  });

  it('denies a kid the last refetch lacked until the window ends, then refetches and accepts it', async () => {
    const verify = await coldStart();
    expect(await verify(await forged())).toEqual(NOT_PUBLISHED);
    server.publish([published, rotated]);
    const token = await tokenSignedBy(rotated);
    advance(WINDOW_MS - 1);
    expect(await verify(token)).toEqual(NOT_PUBLISHED);
    expect(server.requests).toBe(2);
    advance(1);
    expect(await verify(token)).toMatchObject({ ok: true, kid: rotated.kid });
    expect(server.requests).toBe(3);
  });

  it('throws while the JWKS is down, again inside the window without fetching, and decides once it answers', async () => {
    const verify = await coldStart();
    server.fail(503);
    await expect(verify(await forged(-60))).rejects.toThrow(VerificationUnavailableError);
    const requestsAfterRefetch = server.requests;
    advance(WINDOW_MS - 1);
    await expect(verify(await forged(-60))).rejects.toThrow(VerificationUnavailableError);
    expect(server.requests).toBe(requestsAfterRefetch);
    // A kid the cached set holds is still verified from memory during the outage.
    expect(await verify(await tokenSignedBy(published))).toMatchObject({ ok: true });
    server.recover();
    advance(1);
    expect(await verify(await forged(-60))).toEqual(NOT_PUBLISHED);
  });

  it('throws for an unknown kid while the JWKS is down whatever the unverified payload says', async () => {
    const verify = await coldStart();
    server.fail(503);
    const payloads: Claims[] = [{}, { iat: nowSeconds() + 3600 }, { exp: nowSeconds() - 60 }, { sub: 'not-a-uuid' }];
    for (const overrides of payloads) {
      await expect(verify(await forged(0, overrides))).rejects.toThrow(VerificationUnavailableError);
    }
  });

  it('costs at most one fetch per window under waves of 100 concurrent unknown kids, and denies every one', async () => {
    const verify = await coldStart();
    const wave = async (): Promise<void> => {
      const tokens = await Promise.all(Array.from({ length: 100 }, () => forged()));
      const verdicts = await Promise.all(tokens.map((token) => verify(token)));
      expect(verdicts).toEqual(Array(100).fill(NOT_PUBLISHED));
    };
    await wave();
    expect(server.requests).toBe(2);
    for (let i = 0; i < 3; i += 1) {
      advance(WINDOW_MS / 4);
      await wave();
    }
    expect(server.requests).toBe(2);
    advance(WINDOW_MS / 4);
    await wave();
    expect(server.requests).toBe(3);
  });

  it('asks past caches (Cache-Control: no-cache) when it refetches for an unknown kid', async () => {
    const verify = await coldStart();
    await verify(await forged());
    expect(server.cacheControls).toEqual([undefined, 'no-cache']);
  });
});
