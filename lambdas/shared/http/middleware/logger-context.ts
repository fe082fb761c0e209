/**
 * Structured logging per invocation: the correlation id is API Gateway's request id, the Lambda
 * context is attached, and the keys of the previous request (`user_id`, `org_id`) are dropped
 * before and after every invocation so nothing leaks from one caller's logs into another's.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Caller } from '../types';
import { checkOptions } from './options';
import type { HttpMiddleware, HttpRequest } from './types';

export interface LoggerContextOptions {
  logger: Logger | undefined;
}

const defaults: LoggerContextOptions = { logger: undefined };

/** The id a client and the logs share: API Gateway's request id, else Lambda's. */
export function requestIdOf(request: Pick<HttpRequest, 'event' | 'context'>): string | undefined {
  return request.event?.requestContext?.requestId ?? request.context?.awsRequestId;
}

/**
 * Appends who is calling to every later log line of this invocation.
 *
 * @example
 * appendCallerKeys(logger, { kind: 'user', userId, orgId, role, email });
 */
export function appendCallerKeys(logger: Logger, caller: Caller): void {
  if (caller.kind === 'user') logger.appendKeys({ user_id: caller.userId, org_id: caller.orgId });
  else if (caller.kind === 'token') logger.appendKeys({ user_id: caller.userId });
}

/**
 * @example
 * middy(dispatch).use(loggerContext({ logger }))
 */
export function loggerContext(opts: Partial<LoggerContextOptions>): HttpMiddleware {
  const { logger } = checkOptions('loggerContext', defaults, opts, ['logger']) as { logger: Logger };

  function loggerContextMiddlewareBefore(request: HttpRequest): void {
    logger.resetKeys();
    if (request.context?.functionName !== undefined) logger.addContext(request.context);
    const requestId = requestIdOf(request);
    if (requestId !== undefined) logger.setCorrelationId(requestId);
  }
  function loggerContextMiddlewareAfter(): void {
    logger.resetKeys();
  }
  return {
    before: loggerContextMiddlewareBefore,
    after: loggerContextMiddlewareAfter,
    onError: loggerContextMiddlewareAfter,
  };
}
