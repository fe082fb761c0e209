import { randomUUID } from 'node:crypto';
import { listOrders } from '../../../lambdas/example-orders/list-orders';
import { authorizerContext, restEvent } from '../../support/apigw-events';

const NOW_MS = 1_800_000_000_000;
const nowSeconds = NOW_MS / 1000;
const deps = { clockSkewSeconds: 30, now: () => NOW_MS };
const ordersEvent = (authorizer: Record<string, string | number> | null, requestId = randomUUID()) =>
  restEvent({ method: 'GET', resource: '/orders', authorizer, requestId });

describe('the example service GET /orders', () => {
  it('answers 200 with the caller for a token within its lifetime', () => {
    const sub = randomUUID();
    const res = listOrders(ordersEvent(authorizerContext({ sub, exp: nowSeconds + 600 })), deps);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ orders: [], caller: sub });
  });

  it('answers 401 token_expired when API Gateway serves a cached Allow after the token expired', () => {
    const requestId = randomUUID();
    const expired = authorizerContext({ sub: randomUUID(), exp: nowSeconds - 31 });
    const res = listOrders(ordersEvent(expired, requestId), deps);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'token_expired', message: 'token has expired, sign in again or refresh the session', requestId },
    });
  });

  it('still accepts a token expired within the leeway the authorizer grants', () => {
    const res = listOrders(ordersEvent(authorizerContext({ sub: randomUUID(), exp: nowSeconds - 30 })), deps);
    expect(res.statusCode).toBe(200);
  });

  it('answers 401 unauthorized, never a 500, when the route has no authorizer context', () => {
    const res = listOrders(ordersEvent(null), deps);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'unauthorized' });
  });

  it('answers 200 with apikey:<keyId> for an org API key the authorizer allowed', () => {
    const keyId = randomUUID();
    const context = {
      principalId: `apikey:${keyId}`,
      principalType: 'api_key',
      keyId,
      orgId: randomUUID(),
      scopes: 'specs:read',
    };
    const res = listOrders(ordersEvent(context), deps);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ orders: [], caller: `apikey:${keyId}` });
  });

  it('answers 401 when an api_key context names another principal than its keyId', () => {
    const context = { principalId: `apikey:${randomUUID()}`, principalType: 'api_key', keyId: randomUUID() };
    const res = listOrders(ordersEvent(context), deps);
    expect(res.statusCode).toBe(401);
  });
});
