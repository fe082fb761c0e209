/**
 * The one error handler: every error (ours, Middy's, the data layer's, the unknown) becomes the
 * envelope `{"error":{"code","message","requestId"}}`, logged once. Causes and stacks go to the
 * log, never to the client.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ApiError } from '../../api-error';
import { MissingAuthorizerContextError } from '../auth-context';
import { errorResponse, toApiError } from '../error-response';
import { requestIdOf } from './logger-context';
import { checkOptions } from './options';
import type { HttpMiddleware, HttpRequest } from './types';

export interface ErrorHandlerOptions {
  logger: Logger | undefined;
}

const defaults: ErrorHandlerOptions = { logger: undefined };

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

/**
 * @example
 * middy(dispatch).use(errorHandler({ logger }))
 */
export function errorHandler(opts: Partial<ErrorHandlerOptions>): HttpMiddleware {
  const logger = checkOptions('errorHandler', defaults, opts, ['logger']).logger as Logger;

  function errorHandlerMiddlewareOnError(request: HttpRequest): void {
    const error = toApiError(request.error);
    try {
      logError(logger, error, request);
    } catch {
      // A logger that cannot serialize an odd cause must not turn the answer into a 502.
    }
    request.response = errorResponse(error, requestIdOf(request));
  }
  return { onError: errorHandlerMiddlewareOnError };
}
