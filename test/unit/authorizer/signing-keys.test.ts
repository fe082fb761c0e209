import { randomUUID } from 'node:crypto';
import { TokenRejectedError, VerificationUnavailableError } from '../../../lambdas/authorizer/errors';
import { createJwksFetcher } from '../../../lambdas/authorizer/jwks-fetcher';
import { SigningKeys } from '../../../lambdas/authorizer/signing-keys';
import { generateEs256Key, startJwksServer, type JwksServer } from '../../support/jwt';

const TEN_MINUTES = 600_000;
const MIN_FETCH_INTERVAL = 10_000;

let server: JwksServer;
let clock: number;
const current = generateEs256Key();
const next = generateEs256Key();

/** A cache on the real loopback JWKS, with time moved by the test. */
function signingKeys(options: { timeoutMs?: number } = {}): SigningKeys {
  return new SigningKeys({
    jwksUrl: server.jwksUrl,
    fetcher: createJwksFetcher({ timeoutMs: options.timeoutMs ?? 1500 }),
    now: () => clock,
  });
}

const advance = (ms: number): void => {
  clock += ms;
};

beforeEach(async () => {
  clock = 1_800_000_000_000;
  server = await startJwksServer([current]);
});

afterEach(() => server.close());

describe('SigningKeys', () => {
  it('fetches the key set once and serves known kids from memory within the refresh interval', async () => {
    const keys = signingKeys();
    await keys.refresh();
    for (let i = 0; i < 5; i += 1) {
      expect(await keys.resolve(current.kid)).toMatchObject({ kid: current.kid, kty: 'EC', crv: 'P-256' });
      advance(60_000);
    }
    expect(server.requests).toBe(1);
  });

  it('refreshes a key set older than ten minutes so a revoked key drops out', async () => {
    const keys = signingKeys();
    await keys.refresh();
    server.publish([next]);
    advance(TEN_MINUTES - 1);
    expect(await keys.resolve(current.kid)).toMatchObject({ kid: current.kid });
    expect(server.requests).toBe(1);
    advance(1);
    await expect(keys.resolve(current.kid)).rejects.toThrow(
      new TokenRejectedError('unauthorized', 'token signing key (kid) is not published by the issuer'),
    );
    // The scheduled refresh, then the refetch past caches that a kid missing from it triggers.
    expect(server.requests).toBe(3);
  });

  it('picks up a key published after the last fetch as soon as a token names it', async () => {
    const keys = signingKeys();
    await keys.refresh();
    server.publish([current, next]);
    advance(MIN_FETCH_INTERVAL);
    expect(await keys.resolve(next.kid)).toMatchObject({ kid: next.kid });
    expect(server.requests).toBe(2);
  });

  it('shares one fetch among concurrent lookups of unknown kids', async () => {
    const keys = signingKeys();
    await keys.refresh();
    server.publish([current, next]);
    advance(MIN_FETCH_INTERVAL);
    const lookups = [next.kid, randomUUID(), randomUUID(), next.kid].map((kid) =>
      keys.resolve(kid).then(
        () => 'found',
        () => 'missing',
      ),
    );
    expect(await Promise.all(lookups)).toEqual(['found', 'missing', 'missing', 'found']);
    expect(server.requests).toBe(2);
  });

  it('limits a spray of random kids to one fetch per interval and still picks up a rotated key within one interval', async () => {
    const keys = signingKeys();
    await keys.refresh();
    const publishedAt = clock + 15_000;
    let pickedUpAt: number | undefined;
    // One simulated minute, one second at a time: each second an attacker sends 20 random kids
    // and the legitimate client sends a token signed by the key rotated in at publishedAt.
    for (let second = 1; second <= 60; second += 1) {
      advance(1000);
      if (clock === publishedAt) server.publish([current, next]);
      for (let i = 0; i < 20; i += 1) {
        await expect(keys.resolve(randomUUID())).rejects.toThrow(TokenRejectedError);
      }
      if (clock >= publishedAt && pickedUpAt === undefined) {
        pickedUpAt = await keys.resolve(next.kid).then(
          () => clock,
          () => undefined,
        );
      }
    }
    expect(server.requests).toBeLessThanOrEqual(1 + 60_000 / MIN_FETCH_INTERVAL);
    expect(pickedUpAt).toBeDefined();
    expect(pickedUpAt! - publishedAt).toBeLessThanOrEqual(MIN_FETCH_INTERVAL);
  });

  it('keeps using cached keys when a refresh fails, and throws for a kid it cannot look up', async () => {
    const keys = signingKeys();
    await keys.refresh();
    server.fail(503);
    advance(TEN_MINUTES);
    expect(await keys.resolve(current.kid)).toMatchObject({ kid: current.kid });
    await expect(keys.resolve(next.kid)).rejects.toThrow(VerificationUnavailableError);
    // The failed scheduled refresh, then the failed refetch for the unknown kid.
    expect(server.requests).toBe(3);
  });

  it('does not retry a failed refetch for an unknown kid before the interval, then recovers', async () => {
    const keys = signingKeys();
    await keys.refresh();
    server.fail(502);
    await expect(keys.resolve(next.kid)).rejects.toThrow(VerificationUnavailableError);
    expect(server.requests).toBe(2);
    advance(MIN_FETCH_INTERVAL - 1);
    await expect(keys.resolve(next.kid)).rejects.toThrow(VerificationUnavailableError);
    expect(server.requests).toBe(2);
    server.recover();
    server.publish([current, next]);
    advance(1);
    expect(await keys.resolve(next.kid)).toMatchObject({ kid: next.kid });
    expect(server.requests).toBe(3);
  });

  it('gives up on a JWKS that stops answering and keeps the cached keys', async () => {
    const keys = signingKeys({ timeoutMs: 100 });
    await keys.refresh();
    server.hang();
    advance(TEN_MINUTES);
    expect(await keys.resolve(current.kid)).toMatchObject({ kid: current.kid });
    await expect(keys.resolve(next.kid)).rejects.toThrow(VerificationUnavailableError);
  });

  it('throws for every kid when the JWKS has never been reachable', async () => {
    server.drop();
    const keys = signingKeys();
    await keys.refresh();
    await expect(keys.resolve(current.kid)).rejects.toThrow(VerificationUnavailableError);
  });

  it('treats a document that is not a key set as a failed fetch, and reports it', async () => {
    const errors: unknown[] = [];
    for (const body of ['{"keys":"none"}', '<html>maintenance</html>', '{"keys":[{"kid":"k"}]}']) {
      const document = Buffer.from(body);
      const fetcher = {
        fetch: async () => document.buffer.slice(document.byteOffset, document.byteOffset + document.byteLength),
      };
      const keys = new SigningKeys({
        jwksUrl: server.jwksUrl,
        fetcher,
        now: () => clock,
        onFetchError: (e) => errors.push(e),
      });
      await keys.refresh();
      await expect(keys.resolve(current.kid)).rejects.toThrow(VerificationUnavailableError);
    }
    // Each document twice: at cold start, then on the refetch the missing kid triggers.
    expect(errors.map((e) => (e as Error).message)).toEqual([
      'JWKS keys should be an array',
      'JWKS keys should be an array',
      expect.stringContaining('JWKS could not be parsed as JSON'),
      expect.stringContaining('JWKS could not be parsed as JSON'),
      'JWK kty should be a string',
      'JWK kty should be a string',
    ]);
  });

  it('denies every kid once the issuer publishes an empty key set', async () => {
    const keys = signingKeys();
    await keys.refresh();
    server.publish([]);
    advance(TEN_MINUTES);
    await expect(keys.resolve(current.kid)).rejects.toThrow(TokenRejectedError);
  });

  it('refuses a key published without verify in key_ops or for encryption', async () => {
    server.publish([
      { ...current.publicJwk, key_ops: ['sign'] },
      { ...next.publicJwk, use: 'enc' },
    ]);
    const keys = signingKeys();
    await keys.refresh();
    for (const kid of [current.kid, next.kid]) {
      await expect(keys.resolve(kid)).rejects.toThrow('token signing key is not an EC P-256 verification key');
    }
  });
});
