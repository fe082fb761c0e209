import { createJwksFetcher } from '../../../lambdas/authorizer/jwks-fetcher';
import { generateEs256Key, startJwksServer, type JwksServer } from '../../support/jwt';

const key = generateEs256Key();
const fetcher = createJwksFetcher({ timeoutMs: 100 });
const fetchJwks = async (url: string): Promise<unknown> => JSON.parse(Buffer.from(await fetcher.fetch(url)).toString());
let server: JwksServer;

beforeEach(async () => {
  server = await startJwksServer([key]);
});

afterEach(() => server.close());

describe('createJwksFetcher', () => {
  it('fetches the key set from a loopback http JWKS', async () => {
    expect(await fetchJwks(server.jwksUrl)).toEqual({ keys: [key.publicJwk] });
  });

  it('refuses plain http to a host that is not loopback, without connecting', async () => {
    await expect(fetchJwks('http://abc.supabase.co/auth/v1/.well-known/jwks.json')).rejects.toThrow(
      'refusing to fetch a JWKS from http://abc.supabase.co: https: required',
    );
    await expect(fetchJwks('http://127.0.0.1.nip.io/jwks.json')).rejects.toThrow('https: required');
  });

  it('rejects a status other than 200, redirects included', async () => {
    server.fail(503);
    await expect(fetchJwks(server.jwksUrl)).rejects.toThrow('Status code is 503, expected 200');
    server.fail(302);
    await expect(fetchJwks(server.jwksUrl)).rejects.toThrow('Status code is 302, expected 200');
    await expect(fetchJwks(`${server.url}/elsewhere.json`)).rejects.toThrow('Status code is 404, expected 200');
  });

  it('rejects a reset connection after one retry', async () => {
    server.drop();
    await expect(fetchJwks(server.jwksUrl)).rejects.toThrow(`Failed to fetch ${server.jwksUrl}`);
    expect(server.requests).toBe(2);
  });

  it('gives up on a server that never answers after one retry', async () => {
    server.hang();
    await expect(fetchJwks(server.jwksUrl)).rejects.toThrow('Response time-out (after 100 ms.)');
    expect(server.requests).toBe(2);
  });
});
