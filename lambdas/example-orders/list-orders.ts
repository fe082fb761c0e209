/**
 * The example service's one route, `GET /orders`, as a customer's backend behind the shared
 * authorizer should be written: API Gateway serves a cached Allow for up to its TTL, after the
 * token's `exp`, so the function re-checks `exp` from `requestContext.authorizer` with the same
 * helper the Intello handlers use ({@link tokenCaller}) and answers `401 token_expired` in the
 * same envelope as the gateway's Deny.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { tokenCaller } from '../shared/http/auth-context';
import { asApiError, errorResponse } from '../shared/http/error-handler';
import { jsonResponse } from '../shared/http/respond';
import type { HttpResponse } from '../shared/http/types';

export interface ListOrdersDeps {
  /** Leeway on `exp`, as the authorizer applies it (`AUTH_CLOCK_SKEW_SECONDS`). */
  clockSkewSeconds: number;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: () => number;
}

/**
 * @example
 * listOrders(event, { clockSkewSeconds: 30 }) // { statusCode: 200, body: '{"orders":[],"caller":"…"}' }
 */
export function listOrders(
  event: APIGatewayProxyEvent,
  { clockSkewSeconds, now = Date.now }: ListOrdersDeps,
): HttpResponse {
  try {
    const caller = tokenCaller(event.requestContext?.authorizer, {
      nowSeconds: Math.floor(now() / 1000),
      clockSkewSeconds,
    });
    return jsonResponse(200, { orders: [], caller: caller.userId });
  } catch (error) {
    return errorResponse(asApiError(error), event.requestContext?.requestId);
  }
}
