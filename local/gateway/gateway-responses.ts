/**
 * Gateway responses: the answers API Gateway produces itself (401 from an authorizer, 403 for a
 * missing route or key, 429, 5xx). A type configured in the template wins; an unconfigured one
 * falls back to DEFAULT_4XX/DEFAULT_5XX (including their status code, as the AWS guide says), then
 * to the built-in response. Each field falls back on its own: a type configured with headers
 * only keeps the fallback body.
 *
 * Templates are rendered by substitution, not VTL: `$context.…` and `${context.…}` (also with
 * `$!`) and `$stageVariables.…`; an unknown variable renders as the empty string. Header values
 * are `'static'` strings or `method.request.header|querystring|path.<name>`, `stageVariables.<name>`
 * and `context.<name>` references.
 */

/** Every gateway response type API Gateway defines. */
export const RESPONSE_TYPES = [
  'ACCESS_DENIED',
  'API_CONFIGURATION_ERROR',
  'AUTHORIZER_CONFIGURATION_ERROR',
  'AUTHORIZER_FAILURE',
  'BAD_REQUEST_BODY',
  'BAD_REQUEST_PARAMETERS',
  'DEFAULT_4XX',
  'DEFAULT_5XX',
  'EXPIRED_TOKEN',
  'INTEGRATION_FAILURE',
  'INTEGRATION_TIMEOUT',
  'INVALID_API_KEY',
  'INVALID_SIGNATURE',
  'MISSING_AUTHENTICATION_TOKEN',
  'QUOTA_EXCEEDED',
  'REQUEST_TOO_LARGE',
  'RESOURCE_NOT_FOUND',
  'THROTTLED',
  'UNAUTHORIZED',
  'UNSUPPORTED_MEDIA_TYPE',
  'WAF_FILTERED',
] as const;

export type GatewayResponseType = (typeof RESPONSE_TYPES)[number];

/** A response the emulator can produce: a gateway response type, or a Lambda integration error (502). */
export type EmulatorResponseKind = GatewayResponseType | 'LAMBDA_ERROR';

/** A `AWS::ApiGateway::GatewayResponse` as the template declares it. */
export interface GatewayResponseModel {
  type: GatewayResponseType;
  statusCode?: number;
  /** Header name → value expression (`"'*'"`, `method.request.header.Origin`). */
  headers: Record<string, string>;
  /** Content type → template. */
  templates: Record<string, string>;
}

interface BuiltIn {
  status: number;
  message: string | null;
  errorType: string;
  template?: string;
  body?: string;
}

const GENERIC_TEMPLATE = '{"message":$context.error.messageString}';

const BUILT_IN: Record<EmulatorResponseKind, BuiltIn> = {
  ACCESS_DENIED: {
    status: 403,
    message: 'User is not authorized to access this resource',
    errorType: 'AccessDeniedException',
    template: '{"Message":$context.error.messageString}',
  },
  API_CONFIGURATION_ERROR: { status: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  AUTHORIZER_CONFIGURATION_ERROR: { status: 500, message: null, errorType: 'AuthorizerConfigurationException' },
  AUTHORIZER_FAILURE: { status: 500, message: null, errorType: 'AuthorizerFailureException' },
  BAD_REQUEST_BODY: { status: 400, message: 'Invalid request body', errorType: 'BadRequestException' },
  BAD_REQUEST_PARAMETERS: {
    status: 400,
    message: 'Missing required request parameters',
    errorType: 'BadRequestException',
  },
  DEFAULT_4XX: { status: 400, message: 'Bad Request', errorType: 'BadRequestException' },
  DEFAULT_5XX: { status: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  EXPIRED_TOKEN: { status: 403, message: 'Expired token', errorType: 'ExpiredTokenException' },
  INTEGRATION_FAILURE: { status: 504, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  INTEGRATION_TIMEOUT: {
    status: 504,
    message: 'Endpoint request timed out',
    errorType: 'InternalServerErrorException',
    body: '{"message": "Endpoint request timed out"}',
  },
  INVALID_API_KEY: { status: 403, message: 'Forbidden', errorType: 'ForbiddenException' },
  INVALID_SIGNATURE: { status: 403, message: 'Invalid signature', errorType: 'InvalidSignatureException' },
  MISSING_AUTHENTICATION_TOKEN: {
    status: 403,
    message: 'Missing Authentication Token',
    errorType: 'MissingAuthenticationTokenException',
  },
  QUOTA_EXCEEDED: { status: 429, message: 'Limit Exceeded', errorType: 'LimitExceededException' },
  REQUEST_TOO_LARGE: { status: 413, message: 'Request Too Long', errorType: 'RequestTooLargeException' },
  RESOURCE_NOT_FOUND: { status: 404, message: 'Not Found', errorType: 'NotFoundException' },
  THROTTLED: { status: 429, message: 'Too Many Requests', errorType: 'TooManyRequestsException' },
  UNAUTHORIZED: { status: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'Unsupported Media Type',
    errorType: 'UnsupportedMediaTypeException',
  },
  WAF_FILTERED: { status: 403, message: 'Forbidden', errorType: 'WafFilteredException' },
  LAMBDA_ERROR: {
    status: 502,
    message: 'Internal server error',
    errorType: 'InternalServerErrorException',
    body: '{"message": "Internal server error"}',
  },
};

/** What a template can read about the request. */
export interface GatewayResponseInput {
  kind: EmulatorResponseKind;
  configured: Partial<Record<GatewayResponseType, GatewayResponseModel>>;
  /** Overrides the built-in message (`null` renders `null` in messageString). */
  message?: string | null;
  /** Flat `$context` variables without the `context.` prefix: `requestId`, `path`, `identity.sourceIp`… */
  context: Record<string, string | number | undefined>;
  /** `requestContext.authorizer` values (principalId and context), when an authorizer answered. */
  authorizer?: Record<string, string>;
  requestHeaders: Record<string, string>;
  queryStringParameters: Record<string, string> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
}

/** A rendered gateway response. */
export interface RenderedGatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Renders the gateway response for a failure.
 *
 * @example
 * renderGatewayResponse({ kind: 'UNAUTHORIZED', configured: {}, context: { requestId: 'r1' }, requestHeaders: {},
 *   queryStringParameters: null, pathParameters: null, stageVariables: null });
 * // { statusCode: 401, headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'UnauthorizedException' }, body: '{"message":"Unauthorized"}' }
 */
export function renderGatewayResponse(input: GatewayResponseInput): RenderedGatewayResponse {
  const builtIn = BUILT_IN[input.kind];
  const own = input.kind === 'LAMBDA_ERROR' ? undefined : input.configured[input.kind];
  const fallback = input.configured[builtIn.status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX'];
  const responseType = input.kind === 'LAMBDA_ERROR' ? 'DEFAULT_5XX' : input.kind;
  const message = input.message !== undefined ? input.message : builtIn.message;
  const variables: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.context)) if (value !== undefined) variables[key] = String(value);
  variables['error.message'] = message ?? '';
  variables['error.messageString'] = JSON.stringify(message);
  variables['error.responseType'] = responseType;
  for (const [key, value] of Object.entries(input.authorizer ?? {})) variables[`authorizer.${key}`] = value;

  const templates = nonEmpty(own?.templates) ?? nonEmpty(fallback?.templates);
  const contentType = templates
    ? 'application/json' in templates
      ? 'application/json'
      : Object.keys(templates)[0]!
    : 'application/json';
  const body = templates
    ? substitute(templates[contentType]!, variables, input.stageVariables)
    : (builtIn.body ?? substitute(builtIn.template ?? GENERIC_TEMPLATE, variables, input.stageVariables));
  const headers: Record<string, string> = { 'Content-Type': contentType };
  for (const [name, expression] of Object.entries(nonEmpty(own?.headers) ?? nonEmpty(fallback?.headers) ?? {})) {
    const value = headerValue(expression, input, variables);
    if (value !== undefined) headers[name] = value;
  }
  headers['x-amzn-ErrorType'] = builtIn.errorType;
  return { statusCode: own?.statusCode ?? fallback?.statusCode ?? builtIn.status, headers, body };
}

/**
 * Substitutes `$context.*` / `${context.*}` / `$stageVariables.*` references.
 *
 * @example
 * substitute('{"code":"$context.authorizer.code"}', { 'authorizer.code': 'token_expired' }, null); // '{"code":"token_expired"}'
 */
export function substitute(
  template: string,
  variables: Record<string, string>,
  stageVariables: Record<string, string> | null,
): string {
  const lookup = (scope: string, path: string) =>
    (scope === 'context' ? variables[path] : stageVariables?.[path]) ?? '';
  // One pass, so a substituted value containing `$context…` is never expanded again.
  return template.replace(
    /\$!?(?:\{(context|stageVariables)((?:\.[\w-]+)+)\}|(context|stageVariables)((?:\.\w+)+))/g,
    (
      _,
      bracedScope: string | undefined,
      bracedPath: string | undefined,
      scope: string | undefined,
      path: string | undefined,
    ) => lookup((bracedScope ?? scope)!, (bracedPath ?? path)!.slice(1)),
  );
}

function headerValue(
  expression: string,
  input: GatewayResponseInput,
  variables: Record<string, string>,
): string | undefined {
  const quoted = /^'(.*)'$/s.exec(expression);
  if (quoted) return quoted[1];
  const [source, ...rest] = expression.split('.');
  const name = rest.join('.');
  if (source === 'context') return variables[name];
  if (source === 'stageVariables') return input.stageVariables?.[name];
  const request = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(expression);
  if (!request) return undefined;
  const [, where, key] = request as unknown as [string, string, string];
  if (where === 'header')
    return Object.entries(input.requestHeaders).find(([header]) => header.toLowerCase() === key.toLowerCase())?.[1];
  if (where === 'querystring') return input.queryStringParameters?.[key];
  return input.pathParameters?.[key];
}

function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  return value !== undefined && Object.keys(value).length > 0 ? value : undefined;
}
