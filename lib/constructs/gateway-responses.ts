/**
 * API Gateway's own answers (no Lambda ran, or the authorizer said no) in the same JSON
 * envelope as the handlers', with CORS headers so a browser sees the 401 instead of a CORS
 * error. Shared by the public API, the internal API and every service that reuses the
 * authorizer.
 */
import { ResponseType, type IRestApi } from 'aws-cdk-lib/aws-apigateway';
import { GatewayResponse } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';

interface ResponseSpec {
  type: ResponseType;
  /** Overrides API Gateway's status; absent on the DEFAULT_* responses so each keeps its own. */
  status?: string;
  code: string;
  /** A JSON string expression for the message: a quoted literal or `$context.error.messageString`. */
  message: string;
}

/** `"…"` JSON literal for a static message. */
const literal = (text: string): string => JSON.stringify(text);

/** The responses every API that uses the Supabase authorizer installs. */
export const AUTHORIZER_GATEWAY_RESPONSES: readonly ResponseSpec[] = [
  {
    type: ResponseType.UNAUTHORIZED,
    status: '401',
    code: 'unauthorized',
    message: literal('missing or malformed Authorization header, expected "Bearer <access token>"'),
  },
  // The authorizer's Deny carries its own code (unauthorized | token_expired) and message.
  {
    type: ResponseType.ACCESS_DENIED,
    status: '401',
    code: '$context.authorizer.code',
    message: '"$context.authorizer.message"',
  },
  {
    type: ResponseType.AUTHORIZER_FAILURE,
    status: '503',
    code: 'service_unavailable',
    message: literal('authorization is temporarily unavailable, retry shortly'),
  },
  {
    type: ResponseType.AUTHORIZER_CONFIGURATION_ERROR,
    status: '503',
    code: 'service_unavailable',
    message: literal('authorization is temporarily unavailable, retry shortly'),
  },
];

/** The responses of any API, authorizer or not. */
export const COMMON_GATEWAY_RESPONSES: readonly ResponseSpec[] = [
  {
    type: ResponseType.THROTTLED,
    status: '429',
    code: 'rate_limited',
    message: literal('too many requests, slow down and retry'),
  },
  {
    type: ResponseType.QUOTA_EXCEEDED,
    status: '429',
    code: 'rate_limited',
    message: literal('request quota exceeded'),
  },
  {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: '404',
    code: 'not_found',
    message: literal('no such route'),
  },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    status: '413',
    code: 'payload_too_large',
    message: literal('request body too large'),
  },
  {
    type: ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: '415',
    code: 'unsupported_media_type',
    message: literal('unsupported content type'),
  },
  { type: ResponseType.BAD_REQUEST_BODY, status: '400', code: 'bad_request', message: '$context.error.messageString' },
  {
    type: ResponseType.BAD_REQUEST_PARAMETERS,
    status: '400',
    code: 'bad_request',
    message: '$context.error.messageString',
  },
  {
    type: ResponseType.INTEGRATION_FAILURE,
    status: '502',
    code: 'internal_error',
    message: literal('the request could not be completed'),
  },
  {
    type: ResponseType.INTEGRATION_TIMEOUT,
    status: '504',
    code: 'service_unavailable',
    message: literal('the request timed out'),
  },
  { type: ResponseType.DEFAULT_4XX, code: 'bad_request', message: '$context.error.messageString' },
  { type: ResponseType.DEFAULT_5XX, code: 'internal_error', message: literal('internal error') },
];

/** The responses of the API-key-protected internal API. */
export const API_KEY_GATEWAY_RESPONSES: readonly ResponseSpec[] = [
  {
    type: ResponseType.INVALID_API_KEY,
    status: '403',
    code: 'forbidden',
    message: literal('missing or invalid API key'),
  },
  { type: ResponseType.ACCESS_DENIED, status: '403', code: 'forbidden', message: literal('forbidden') },
];

export interface GatewayResponsesProps {
  restApi: IRestApi;
  responses: readonly ResponseSpec[];
  /** `Access-Control-Allow-Origin` for error responses; omitted when no origin is allowed. */
  corsAllowOrigin?: string | undefined;
}

/** The body template: the handlers' envelope, with the request id for support tickets. */
export function envelopeTemplate(code: string, message: string): string {
  return `{"error":{"code":"${code}","message":${message},"requestId":"$context.requestId"}}`;
}

/**
 * Installs gateway responses on an API.
 *
 * @example
 * new GatewayResponses(this, 'Responses', { restApi: api, responses: [...AUTHORIZER_GATEWAY_RESPONSES, ...COMMON_GATEWAY_RESPONSES] });
 */
export class GatewayResponses extends Construct {
  constructor(scope: Construct, id: string, props: GatewayResponsesProps) {
    super(scope, id);
    const headers: Record<string, string> = {
      'Content-Type': "'application/json'",
      'X-Content-Type-Options': "'nosniff'",
      'Strict-Transport-Security': "'max-age=63072000; includeSubDomains'",
      'Cache-Control': "'no-store'",
      // The same security headers the functions send (lambdas/shared/http/security-headers.ts).
      // API Gateway strips only the outer quotes of a static value; inner quotes stay as they are.
      'Content-Security-Policy': "'default-src 'none'; frame-ancestors 'none''",
      'X-Frame-Options': "'DENY'",
      'Referrer-Policy': "'no-referrer'",
    };
    if (props.corsAllowOrigin) {
      headers['Access-Control-Allow-Origin'] = `'${props.corsAllowOrigin}'`;
      headers['Vary'] = "'Origin'";
    }
    for (const spec of props.responses) {
      new GatewayResponse(this, spec.type.responseType, {
        restApi: props.restApi,
        type: spec.type,
        ...(spec.status ? { statusCode: spec.status } : {}),
        responseHeaders: headers,
        templates: { 'application/json': envelopeTemplate(spec.code, spec.message) },
      });
    }
  }
}
