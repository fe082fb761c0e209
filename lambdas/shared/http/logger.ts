/** The structured logger of a business function (Powertools), created once per container. */
import { Logger } from '@aws-lambda-powertools/logger';
import { readEnv } from '../env';

/**
 * A Powertools Logger named by `POWERTOOLS_SERVICE_NAME` (the CDK app sets `intello-<function>`),
 * else `intello-<function>`. Level and sampling follow Powertools' own variables.
 *
 * @example
 * const logger = functionLogger('specs');
 */
export function functionLogger(functionName: string, env: Record<string, string | undefined> = process.env): Logger {
  return new Logger({ serviceName: readEnv('POWERTOOLS_SERVICE_NAME', env) ?? `intello-${functionName}` });
}
