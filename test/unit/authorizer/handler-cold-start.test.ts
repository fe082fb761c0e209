import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { generateEs256Key, mintAccessToken, startJwksServer, supabaseClaims, tokenEvent, type JwksServer } from '../../support/jwt';

// The real module, cold-started while the JWKS is down: the init must survive, log the failure,
// and answer with a thrown error (not a Deny) while it has no keys.
const key = generateEs256Key();
let server: JwksServer;
let handler: (event: APIGatewayTokenAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;
const lines: string[] = [];
const stdoutWrite = process.stdout.write;

beforeAll(async () => {
  server = await startJwksServer([key]);
  server.fail(503);
  Object.assign(process.env, server.env());
  process.stdout.write = ((chunk: string) => lines.push(chunk) > 0) as typeof process.stdout.write;
  ({ handler } = await import('../../../lambdas/authorizer/handler'));
});

afterAll(async () => {
  process.stdout.write = stdoutWrite;
  delete process.env.SUPABASE_URL;
  await server.close();
});

describe('handler cold-started during a JWKS outage', () => {
  it('starts, logs the failed fetch and throws an ordinary error for a token it cannot check', async () => {
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 'ERROR', event: 'jwks_fetch_failed', message: expect.stringContaining('Status code is 503') }),
    ]);
    const token = await mintAccessToken(key, supabaseClaims({ issuer: server.issuer }));
    await expect(handler(tokenEvent(`Bearer ${token}`))).rejects.toThrow('authorizer could not verify the token: VerificationUnavailableError');
  });

  it('still denies a token that fails a rule without needing a key', async () => {
    expect(await handler(tokenEvent('Bearer not.a-jwt'))).toMatchObject({ context: { code: 'unauthorized' } });
  });
});
