/**
 * The contract between the authorizer and the handlers, with real parts: a real ES256 token,
 * the real authorizer module against a loopback JWKS, its Allow context stringified as API
 * Gateway does, then the real handlers on the local Data API.
 */
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { fromAuthorizerResult, routeEvent } from '../../support/apigw-events';
import {
  generateEs256Key,
  mintAccessToken,
  startJwksServer,
  supabaseClaims,
  tokenEvent,
  type JwksServer,
} from '../../support/jwt';
import { call, loadHandlers, type Handlers } from './harness';

let jwks: JwksServer;
let handlers: Handlers;
let authorize: (event: ReturnType<typeof tokenEvent>) => Promise<APIGatewayAuthorizerResult>;
const key = generateEs256Key();

beforeAll(async () => {
  jwks = await startJwksServer([key]);
  Object.assign(process.env, jwks.env());
  authorize = (await import('../../../lambdas/authorizer/handler')).handler;
  handlers = await loadHandlers();
});
afterAll(() => jwks.close());

describe('a token through the authorizer into the handlers', () => {
  it('syncs on first call, then serves /api/me with the org of the users row', async () => {
    const base = supabaseClaims({ issuer: jwks.issuer });
    const sub = String(base.sub);
    const claims = { ...base, email: 'katherine@example.com' };
    const allow = await authorize(tokenEvent(`Bearer ${await mintAccessToken(key, claims)}`));
    expect(allow.policyDocument.Statement[0]?.Effect).toBe('Allow');
    const authorizer = fromAuthorizerResult(allow);

    const gated = await call(handlers.me, routeEvent('getMe', { authorizer }));
    expect(gated.status).toBe(428);

    const synced = await call(handlers['auth-sync'], routeEvent('syncCaller', { authorizer }));
    expect(synced.status).toBe(201);
    expect(synced.json.user).toEqual({ id: sub, email: 'katherine@example.com', role: 'owner' });

    const me = await call(handlers.me, routeEvent('getMe', { authorizer }));
    expect(me.status).toBe(200);
    expect(me.json).toEqual({ user: synced.json.user, org: synced.json.org });
  });
});
