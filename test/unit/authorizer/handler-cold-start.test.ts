import {
  coldStartHandler,
  generateEs256Key,
  mintAccessToken,
  startJwksServer,
  supabaseClaims,
  tokenEvent,
  type ColdStartedHandler,
  type JwksServer,
} from '../../support/jwt';

// The real module, cold-started while the JWKS is down: the init must survive, log the failure,
// and answer with a thrown error (not a Deny) while it has no keys.
const key = generateEs256Key();
let server: JwksServer;
let started: ColdStartedHandler;

beforeAll(async () => {
  server = await startJwksServer([key]);
  server.fail(503);
  started = await coldStartHandler(server);
});

afterAll(async () => {
  started.restore();
  await server.close();
});

describe('handler cold-started during a JWKS outage', () => {
  it('starts, logs the failed fetch and throws an ordinary error for a token it cannot check', async () => {
    expect(started.lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        event: 'jwks_fetch_failed',
        message: expect.stringContaining('Status code is 503'),
      }),
    ]);
    const token = await mintAccessToken(key, supabaseClaims({ issuer: server.issuer }));
    await expect(started.handler(tokenEvent(`Bearer ${token}`))).rejects.toThrow(
      'authorizer could not verify the token: VerificationUnavailableError',
    );
  });

  it('still denies a token that fails a rule without needing a key', async () => {
    expect(await started.handler(tokenEvent('Bearer not.a-jwt'))).toMatchObject({ context: { code: 'unauthorized' } });
  });
});
