import { ApiError } from '../../../lambdas/shared/api-error';
import { errorResponse, asApiError } from '../../../lambdas/shared/http/error-handler';

describe('asApiError', () => {
  it('keeps an ApiError as it is', () => {
    const error = new ApiError('conflict', 'name taken');
    expect(asApiError(error)).toBe(error);
  });

  it('maps an exposed HTTP error (Middy style) by its status', () => {
    const error = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, expose: true });
    expect(asApiError(error)).toMatchObject({ code: 'unsupported_media_type', cause: error });
  });

  it('turns anything else into internal_error with the original as cause', () => {
    const cause = new TypeError("Cannot read properties of undefined (reading 'id')");
    const error = asApiError(cause);
    expect(error).toMatchObject({ code: 'internal_error', status: 500, cause });
    expect(asApiError('a string').code).toBe('internal_error');
    expect(asApiError(Object.assign(new Error('x'), { statusCode: 502, expose: false })).code).toBe('internal_error');
  });
});

describe('errorResponse', () => {
  it('emits the envelope with the request id as JSON', () => {
    const response = errorResponse(new ApiError('not_found', 'spec not found'), 'req-1');
    expect(response.statusCode).toBe(404);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'not_found', message: 'spec not found', requestId: 'req-1' },
    });
  });

  it('includes details only for validation_failed', () => {
    const details = [{ field: 'body.orgId', message: 'is not allowed' }];
    expect(
      JSON.parse(errorResponse(new ApiError('validation_failed', 'invalid', { details }), 'r').body).error.details,
    ).toEqual(details);
    expect(
      JSON.parse(errorResponse(new ApiError('bad_request', 'bad', { details }), 'r').body).error.details,
    ).toBeUndefined();
  });

  it("never shows an internal error's message, cause or stack", () => {
    const secret = new Error('password authentication failed for user "admin" at 10.0.0.5');
    const body = errorResponse(asApiError(secret), 'r').body;
    expect(JSON.parse(body)).toEqual({ error: { code: 'internal_error', message: 'internal error', requestId: 'r' } });
    expect(body).not.toContain('10.0.0.5');
    expect(body).not.toContain('stack');
  });
});
