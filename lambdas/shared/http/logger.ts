/**
 * Structured logging of a business function: one Powertools Logger per container, and per
 * invocation the correlation id (API Gateway's request id) and the Lambda context. The keys of
 * the previous request (`user_id`, `org_id`) are dropped before and after every invocation so
 * nothing leaks from one caller's logs into another's.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { readEnv } from '../env';
import type { Caller, HttpMiddleware, HttpRequest } from './types';

/**
 * A Powertools Logger named by `POWERTOOLS_SERVICE_NAME` (the CDK app sets `intello-<function>`),
 * else `intello-<function>`. Level and sampling follow Powertools' own variables.
 */
export function functionLogger(functionName: string, env: Record<string, string | undefined> = process.env): Logger {
  return new Logger({ serviceName: readEnv('POWERTOOLS_SERVICE_NAME', env) ?? `intello-${functionName}` });
}

/** The id a client and the logs share: API Gateway's request id, else Lambda's. */
export function requestIdOf(request: Pick<HttpRequest, 'event' | 'context'>): string | undefined {
  return request.event?.requestContext?.requestId ?? request.context?.awsRequestId;
}

/** Appends who is calling to every later log line of this invocation. */
export function appendCallerKeys(logger: Logger, caller: Caller): void {
  if (caller.kind === 'user') logger.appendKeys({ user_id: caller.userId, org_id: caller.orgId });
  else if (caller.kind === 'token') logger.appendKeys({ user_id: caller.userId });
  else if (caller.kind === 'orgApiKey') logger.appendKeys({ api_key_id: caller.keyId, org_id: caller.orgId });
}

export interface LoggerContextOptions {
  logger: Logger;
}

export function loggerContext({ logger }: LoggerContextOptions): HttpMiddleware {
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
