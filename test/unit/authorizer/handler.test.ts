import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { generateEs256Key, mintAccessToken, startJwksServer, supabaseClaims, tokenEvent, type JwksServer } from '../../support/jwt';

// The real module, imported the way Lambda does: configuration from the environment and the
// JWKS fetched during the import (cold start), before the first event.
const key = generateEs256Key();
let server: JwksServer;
let handler: (event: APIGatewayTokenAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;
const lines: string[] = [];
const stdoutWrite = process.stdout.write;

beforeAll(async () => {
  server = await startJwksServer([key]);
  Object.assign(process.env, server.env());
  // Capture the log lines the handler writes to stdout (restored in afterAll).
  process.stdout.write = ((chunk: string) => lines.push(chunk) > 0) as typeof process.stdout.write;
  ({ handler } = await import('../../../lambdas/authorizer/handler'));
});

afterAll(async () => {
  process.stdout.write = stdoutWrite;
  delete process.env.SUPABASE_URL;
  await server.close();
});

describe('handler', () => {
  it('fetches the JWKS at cold start, before any event', () => {
    expect(server.requests).toBe(1);
  });

  it('answers events from the keys fetched at cold start and logs each decision as one JSON line', async () => {
    const claims = supabaseClaims({ issuer: server.issuer });
    const token = await mintAccessToken(key, claims);
    expect(await handler(tokenEvent(`Bearer ${token}`))).toMatchObject({ principalId: claims.sub, context: { sub: claims.sub } });
    expect(await handler(tokenEvent(`bearer ${token}`))).toMatchObject({ principalId: 'anonymous', context: { code: 'unauthorized' } });
    expect(server.requests).toBe(1);
    expect(lines.map((line) => JSON.parse(line).decision)).toEqual(['allow', 'deny']);
    expect(lines.every((line) => line.endsWith('}\n'))).toBe(true);
  });
});
