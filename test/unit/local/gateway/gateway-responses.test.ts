import {
  renderGatewayResponse,
  substitute,
  type GatewayResponseInput,
} from '../../../../local/gateway/gateway-responses';

const base: GatewayResponseInput = {
  kind: 'UNAUTHORIZED',
  configured: {},
  context: { requestId: 'req-1', path: '/prod/api/me', stage: 'prod' },
  requestHeaders: { Origin: 'https://app.example', 'x-api-key': 'k' },
  queryStringParameters: { q: 'v' },
  pathParameters: { id: '42' },
  stageVariables: { env: 'local' },
};

describe('renderGatewayResponse', () => {
  it('answers the built-in responses with their default status, body and error type', () => {
    expect(renderGatewayResponse(base)).toEqual({
      statusCode: 401,
      headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'UnauthorizedException' },
      body: '{"message":"Unauthorized"}',
    });
    expect(renderGatewayResponse({ ...base, kind: 'MISSING_AUTHENTICATION_TOKEN' })).toMatchObject({
      statusCode: 403,
      body: '{"message":"Missing Authentication Token"}',
    });
    expect(renderGatewayResponse({ ...base, kind: 'INVALID_API_KEY' })).toMatchObject({
      statusCode: 403,
      body: '{"message":"Forbidden"}',
    });
    expect(renderGatewayResponse({ ...base, kind: 'THROTTLED' })).toMatchObject({
      statusCode: 429,
      body: '{"message":"Too Many Requests"}',
    });
    expect(renderGatewayResponse({ ...base, kind: 'AUTHORIZER_CONFIGURATION_ERROR' })).toMatchObject({
      statusCode: 500,
      body: '{"message":null}',
    });
    expect(renderGatewayResponse({ ...base, kind: 'LAMBDA_ERROR' })).toMatchObject({
      statusCode: 502,
      body: '{"message": "Internal server error"}',
    });
  });

  it('writes Message with a capital M for ACCESS_DENIED, with the message it is given', () => {
    const rendered = renderGatewayResponse({
      ...base,
      kind: 'ACCESS_DENIED',
      message: 'User is not authorized to access this resource with an explicit deny',
    });
    expect(rendered).toMatchObject({
      statusCode: 403,
      body: '{"Message":"User is not authorized to access this resource with an explicit deny"}',
    });
  });

  it('substitutes authorizer context, error fields and the request id into a configured template, with its status and headers', () => {
    const rendered = renderGatewayResponse({
      ...base,
      kind: 'ACCESS_DENIED',
      message: 'User is not authorized to access this resource with an explicit deny',
      authorizer: { principalId: 'u1', code: 'token_expired' },
      configured: {
        ACCESS_DENIED: {
          type: 'ACCESS_DENIED',
          statusCode: 401,
          headers: { 'Access-Control-Allow-Origin': "'*'", 'WWW-Authenticate': '\'Bearer error="invalid_token"\'' },
          templates: {
            'application/json':
              '{"error":{"code":"$context.authorizer.code","message":$context.error.messageString,"raw":"$context.error.message","type":"$context.error.responseType","requestId":"$context.requestId","who":"${context.authorizer.principalId}"}}',
          },
        },
      },
    });
    expect(rendered.statusCode).toBe(401);
    expect(rendered.headers).toEqual({
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': '*',
      'WWW-Authenticate': 'Bearer error="invalid_token"',
      'x-amzn-ErrorType': 'AccessDeniedException',
    });
    expect(JSON.parse(rendered.body)).toEqual({
      error: {
        code: 'token_expired',
        message: 'User is not authorized to access this resource with an explicit deny',
        raw: 'User is not authorized to access this resource with an explicit deny',
        type: 'ACCESS_DENIED',
        requestId: 'req-1',
        who: 'u1',
      },
    });
  });

  it('renders an authorizer value absent from the context as the empty string', () => {
    const rendered = renderGatewayResponse({
      ...base,
      configured: {
        UNAUTHORIZED: {
          type: 'UNAUTHORIZED',
          headers: {},
          templates: { 'application/json': '{"code":"$context.authorizer.code"}' },
        },
      },
    });
    expect(rendered.body).toBe('{"code":""}');
  });

  it('renders messageString as JSON null when the message is null', () => {
    const rendered = renderGatewayResponse({
      ...base,
      kind: 'AUTHORIZER_CONFIGURATION_ERROR',
      configured: {
        DEFAULT_5XX: {
          type: 'DEFAULT_5XX',
          headers: {},
          templates: { 'application/json': '{"m":$context.error.messageString,"t":"$context.error.responseType"}' },
        },
      },
    });
    expect(rendered).toMatchObject({ statusCode: 500, body: '{"m":null,"t":"AUTHORIZER_CONFIGURATION_ERROR"}' });
  });

  it('falls back to DEFAULT_4XX for an unconfigured 4xx type, keeping the type status unless DEFAULT_4XX sets one', () => {
    const default4xx = {
      type: 'DEFAULT_4XX' as const,
      headers: { 'Access-Control-Allow-Origin': "'*'" },
      templates: { 'application/json': '{"error":$context.error.messageString}' },
    };
    expect(
      renderGatewayResponse({ ...base, kind: 'THROTTLED', configured: { DEFAULT_4XX: default4xx } }),
    ).toMatchObject({
      statusCode: 429,
      headers: { 'Access-Control-Allow-Origin': '*' },
      body: '{"error":"Too Many Requests"}',
    });
    expect(
      renderGatewayResponse({
        ...base,
        kind: 'THROTTLED',
        configured: { DEFAULT_4XX: { ...default4xx, statusCode: 400 } },
      }).statusCode,
    ).toBe(400);
  });

  it('does not apply DEFAULT_4XX to a 5xx, and applies DEFAULT_5XX to the 502 of a Lambda error', () => {
    const configured = {
      DEFAULT_4XX: { type: 'DEFAULT_4XX' as const, headers: { 'X-Which': "'4xx'" }, templates: {} },
      DEFAULT_5XX: { type: 'DEFAULT_5XX' as const, headers: { 'X-Which': "'5xx'" }, templates: {} },
    };
    expect(renderGatewayResponse({ ...base, kind: 'LAMBDA_ERROR', configured })).toMatchObject({
      statusCode: 502,
      headers: { 'X-Which': '5xx' },
      body: '{"message": "Internal server error"}',
    });
    expect(renderGatewayResponse({ ...base, kind: 'UNAUTHORIZED', configured })).toMatchObject({
      statusCode: 401,
      headers: { 'X-Which': '4xx' },
    });
  });

  it('lets a type configured with headers only keep the built-in body', () => {
    const rendered = renderGatewayResponse({
      ...base,
      configured: { UNAUTHORIZED: { type: 'UNAUTHORIZED', headers: { 'X-A': "'1'" }, templates: {} } },
    });
    expect(rendered).toMatchObject({ statusCode: 401, headers: { 'X-A': '1' }, body: '{"message":"Unauthorized"}' });
  });

  it('takes header values from the request, stage variables and context', () => {
    const rendered = renderGatewayResponse({
      ...base,
      configured: {
        UNAUTHORIZED: {
          type: 'UNAUTHORIZED',
          headers: {
            'Access-Control-Allow-Origin': 'method.request.header.origin',
            'X-Q': 'method.request.querystring.q',
            'X-Id': 'method.request.path.id',
            'X-Env': 'stageVariables.env',
            'X-Request': 'context.requestId',
            'X-Missing': 'method.request.header.absent',
          },
          templates: {},
        },
      },
    });
    expect(rendered.headers).toMatchObject({
      'Access-Control-Allow-Origin': 'https://app.example',
      'X-Q': 'v',
      'X-Id': '42',
      'X-Env': 'local',
      'X-Request': 'req-1',
    });
    expect(rendered.headers).not.toHaveProperty('X-Missing');
  });

  it('uses the first template and its content type when there is no application/json one', () => {
    const rendered = renderGatewayResponse({
      ...base,
      configured: {
        UNAUTHORIZED: { type: 'UNAUTHORIZED', headers: {}, templates: { 'text/plain': 'denied $context.requestId' } },
      },
    });
    expect(rendered).toMatchObject({ headers: { 'Content-Type': 'text/plain' }, body: 'denied req-1' });
  });
});

describe('substitute', () => {
  it('replaces $context, $!{context} and $stageVariables references and leaves other text alone', () => {
    expect(
      substitute(
        '$context.stage/$!{context.requestId}/$stageVariables.env/$input.body/$context.requestId.',
        { stage: 'prod', requestId: 'r' },
        { env: 'local' },
      ),
    ).toBe('prod/r/local/$input.body/r.');
  });

  it('never expands a reference that a substituted value contains', () => {
    expect(
      substitute('$context.authorizer.code', { 'authorizer.code': '$context.requestId', requestId: 'r' }, null),
    ).toBe('$context.requestId');
  });
});
