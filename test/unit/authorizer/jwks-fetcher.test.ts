import { fetchJwksJson } from '../../../lambdas/authorizer/jwks-fetcher';
import { generateEs256Key, startJwksServer, type JwksServer } from '../../support/jwt';

const key = generateEs256Key();
let server: JwksServer;

beforeEach(async () => {
  server = await startJwksServer([key]);
});

afterEach(() => server.close());

describe('fetchJwksJson', () => {
  it('fetches the key set from a loopback http JWKS', async () => {
    expect(await fetchJwksJson(server.jwksUrl)).toEqual({ keys: [key.publicJwk] });
  });

  it('refuses plain http to a host that is not loopback, without connecting', async () => {
    await expect(fetchJwksJson('http://abc.supabase.co/auth/v1/.well-known/jwks.json')).rejects.toThrow(
      'refusing to fetch a JWKS from http://abc.supabase.co: https: required',
    );
    await expect(fetchJwksJson('http://127.0.0.1.nip.io/jwks.json')).rejects.toThrow('https: required');
  });

  it('rejects a status other than 200', async () => {
    server.fail(503);
    await expect(fetchJwksJson(server.jwksUrl)).rejects.toThrow('answered 503');
    await expect(fetchJwksJson(`${server.url}/elsewhere.json`)).rejects.toThrow('answered 404');
  });

  it('rejects a reset connection', async () => {
    server.drop();
    await expect(fetchJwksJson(server.jwksUrl)).rejects.toThrow();
  });

  it('gives up on a server that never answers', async () => {
    server.hang();
    await expect(fetchJwksJson(server.jwksUrl, { timeoutMs: 100 })).rejects.toThrow('timed out after 100 ms');
  });

  it('rejects a body larger than the cap', async () => {
    server.publish(Array.from({ length: 20 }, () => key.publicJwk));
    await expect(fetchJwksJson(server.jwksUrl, { maxBytes: 1024 })).rejects.toThrow('larger than 1024 bytes');
  });
});
