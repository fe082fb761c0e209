import { apiErrorFromResponse } from '../../../client/error-response';
import { API_ERROR_CODES } from '../../../client/errors';
import { ERROR_STATUS } from '../../../lambdas/shared/api-error';
import { IntelloApiError, IntelloError } from '../../../client/errors';

describe('apiErrorFromResponse', () => {
  it('carries the status, code, message and requestId of the envelope', async () => {
    const response = new Response('{"error":{"code":"not_found","message":"spec not found","requestId":"req-1"}}', {
      status: 404,
    });

    const error = await apiErrorFromResponse(response);

    expect(error).toBeInstanceOf(IntelloApiError);
    expect(error).toBeInstanceOf(IntelloError);
    expect(error).toMatchObject({
      name: 'IntelloApiError',
      status: 404,
      code: 'not_found',
      message: 'spec not found',
      requestId: 'req-1',
      details: undefined,
    });
  });

  it('keeps the field details of validation_failed', async () => {
    const body = {
      error: {
        code: 'validation_failed',
        message: 'invalid request',
        requestId: 'r',
        details: [{ field: 'name', message: 'required' }],
      },
    };

    const error = await apiErrorFromResponse(new Response(JSON.stringify(body), { status: 400 }));

    expect(error.details).toEqual([{ field: 'name', message: 'required' }]);
  });

  it('takes the request id from the API Gateway header when the body has none', async () => {
    const response = new Response('{"error":{"code":"unauthorized","message":"invalid token"}}', {
      status: 401,
      headers: { 'x-amzn-requestid': 'gw-7' },
    });

    expect(await apiErrorFromResponse(response)).toMatchObject({ code: 'unauthorized', requestId: 'gw-7' });
  });

  it('turns a body that is not the envelope into unexpected_response with the status kept', async () => {
    const error = await apiErrorFromResponse(new Response('<html>Bad Gateway</html>', { status: 502 }));

    expect(error).toMatchObject({
      status: 502,
      code: 'unexpected_response',
      message: "HTTP 502 without the API's error envelope: <html>Bad Gateway</html>",
    });
  });

  it('treats an unknown code as unexpected_response rather than trusting it', async () => {
    const error = await apiErrorFromResponse(
      new Response('{"error":{"code":"teapot","message":"short and stout"}}', { status: 418 }),
    );

    expect(error).toMatchObject({ status: 418, code: 'unexpected_response' });
  });

  it('reads an empty body', async () => {
    expect(await apiErrorFromResponse(new Response(null, { status: 503 }))).toMatchObject({
      status: 503,
      code: 'unexpected_response',
      message: "HTTP 503 without the API's error envelope",
    });
  });
});

describe('the codes the client knows', () => {
  it('are exactly the codes the API sends, so a new server code cannot arrive as unexpected_response', () => {
    expect([...API_ERROR_CODES].sort()).toEqual(Object.keys(ERROR_STATUS).sort());
  });

  it('keeps a team error such as seat_limit_reached as itself', async () => {
    const error = await apiErrorFromResponse(
      new Response('{"error":{"code":"seat_limit_reached","message":"upgrade","requestId":"r-2"}}', { status: 402 }),
    );
    expect(error).toMatchObject({ status: 402, code: 'seat_limit_reached', requestId: 'r-2' });
  });
});
