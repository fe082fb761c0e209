/**
 * The one error handler: every error (ours, Middy's, the data layer's, the unknown) becomes the
 * envelope `{"error":{"code","message","requestId"[,"details"]}}`, logged once. Causes and
 * stacks go to the log, never to the client.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { ApiError, ERROR_STATUS, isApiError, type ErrorCode } from '../api-error';
import { MissingAuthorizerContextError } from './auth-context';
import { requestIdOf } from './logger';
import { jsonResponse } from './respond';
import type { HttpMiddleware, HttpRequest, HttpResponse } from './types';

/** Codes for the statuses a Middy `HttpError` (or another library's HTTP error) may carry. */
const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  428: 'user_not_synced',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** The one message an `internal_error` shows: its own message may describe internals. */
const INTERNAL_MESSAGE = 'internal error';

/**
 * The `ApiError` a thrown value stands for. `ApiError`s pass through; an error that carries an
 * HTTP `statusCode` and `expose: true` (Middy's `HttpError`) keeps its status as a code; anything
 * else is an `internal_error` wrapping the original as its cause.
 */
export function asApiError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  if (
    error instanceof Error &&
    'statusCode' in error &&
    typeof error.statusCode === 'number' &&
    (error as { expose?: boolean }).expose
  ) {
    const code = CODE_FOR_STATUS[error.statusCode];
    if (code !== undefined) return new ApiError(code, error.message, { cause: error });
  }
  return new ApiError('internal_error', INTERNAL_MESSAGE, { cause: error });
}

/**
 * The response body of an error. An `internal_error` never shows its own message (it may
 * describe internals); `details` appear only on `validation_failed`.
 */
export function errorBody(error: ApiError, requestId: string | undefined): { error: Record<string, unknown> } {
  const message = error.code === 'internal_error' ? INTERNAL_MESSAGE : error.message;
  const body: Record<string, unknown> = { code: error.code, message };
  if (requestId !== undefined) body.requestId = requestId;
  if (error.code === 'validation_failed' && error.details !== undefined) body.details = error.details;
  return { error: body };
}

/** The API Gateway response for an error. */
export function errorResponse(error: ApiError, requestId: string | undefined): HttpResponse {
  const status = ERROR_STATUS[error.code];
  return jsonResponse(status, errorBody(error, requestId));
}

function logError(logger: Logger, error: ApiError, request: HttpRequest): void {
  const fields = { code: error.code, status: error.status, route: request.context?.route?.operation };
  if (error.status >= 500) {
    logger.error(error.message, { ...fields, error: error.cause ?? error });
  } else if (error instanceof MissingAuthorizerContextError) {
    // The authorizer always sets the context on protected routes: this is a misconfigured route.
    logger.error(
      'authorizer context missing or malformed on a protected route: check the API Gateway authorizer wiring',
      { ...fields, error: error.cause },
    );
  } else {
    logger.info(error.message, fields);
  }
}

export interface ErrorHandlerOptions {
  logger: Logger;
}

export function errorHandler({ logger }: ErrorHandlerOptions): HttpMiddleware {
  function errorHandlerMiddlewareOnError(request: HttpRequest): void {
    const error = asApiError(request.error);
    try {
      logError(logger, error, request);
    } catch {
      // A logger that cannot serialize an odd cause must not turn the answer into a 502.
    }
    request.response = errorResponse(error, requestIdOf(request));
  }
  return { onError: errorHandlerMiddlewareOnError };
}
