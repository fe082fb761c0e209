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

// The real module, imported the way Lambda does: configuration from the environment and the
// JWKS fetched during the import (cold start), before the first event.
const key = generateEs256Key();
let server: JwksServer;
let started: ColdStartedHandler;

beforeAll(async () => {
  server = await startJwksServer([key]);
  started = await coldStartHandler(server);
});

afterAll(async () => {
  started.restore();
  await server.close();
});

describe('handler', () => {
  it('fetches the JWKS at cold start, before any event', () => {
    expect(server.requests).toBe(1);
  });

  it('answers events from the keys fetched at cold start and logs each decision as one JSON line', async () => {
    const claims = supabaseClaims({ issuer: server.issuer });
    const token = await mintAccessToken(key, claims);
    expect(await started.handler(tokenEvent(`Bearer ${token}`))).toMatchObject({
      principalId: claims.sub,
      context: { sub: claims.sub },
    });
    expect(await started.handler(tokenEvent(`bearer ${token}`))).toMatchObject({
      principalId: 'anonymous',
      context: { code: 'unauthorized' },
    });
    expect(server.requests).toBe(1);
    expect(started.lines.map((line) => JSON.parse(line).decision)).toEqual(['allow', 'deny']);
    expect(started.lines.every((line) => line.endsWith('}\n'))).toBe(true);
  });

  it('refuses an org API key like any malformed token while keys are switched off', async () => {
    const { generateApiKey } = await import('../../../lambdas/shared/api-keys/key-format');
    expect(await started.handler(tokenEvent(`Bearer ${generateApiKey().secret}`))).toMatchObject({
      principalId: 'anonymous',
      policyDocument: { Statement: [{ Effect: 'Deny' }] },
      context: { code: 'unauthorized', message: 'access token must be a JWT: three base64url segments' },
    });
  });
});
