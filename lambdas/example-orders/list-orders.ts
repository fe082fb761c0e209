/**
 * The example service's one route, `GET /orders`, as a customer's backend behind the shared
 * authorizer should be written: API Gateway serves a cached Allow for up to its TTL, after the
 * token's `exp`, so the function re-checks `exp` from `requestContext.authorizer` with the same
 * helper the Intello handlers use ({@link tokenCaller}) and answers `401 token_expired` in the
 * same envelope as the gateway's Deny.
 *
 * An org API key's Allow (`principalType: 'api_key'`) is taken as it comes: this backend, like a
 * customer's, has no database to re-check the key in. A revoked key stops here when the
 * revocation flushes this stage's authorizer cache, else when the cached Allow's TTL ends.
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
    const keyCaller = apiKeyPrincipal(event.requestContext?.authorizer);
    if (keyCaller !== undefined) return jsonResponse(200, { orders: [], caller: keyCaller });
    const caller = tokenCaller(event.requestContext?.authorizer, {
      nowSeconds: Math.floor(now() / 1000),
      clockSkewSeconds,
    });
    return jsonResponse(200, { orders: [], caller: caller.userId });
  } catch (error) {
    return errorResponse(asApiError(error), event.requestContext?.requestId);
  }
}

/** `apikey:<keyId>` when the authorizer allowed an org API key (its principalId and keyId agree). */
function apiKeyPrincipal(context: Record<string, unknown> | null | undefined): string | undefined {
  if (context?.principalType !== 'api_key') return undefined;
  const { principalId, keyId } = context;
  if (typeof keyId !== 'string' || principalId !== `apikey:${keyId}`) return undefined;
  return principalId;
}
