/**
 * A few-line JSON logger. Powertools Logger would add about 23 KB to a bundle whose budget is
 * 20 KB in all (aws-jwt-verify alone takes 14 KB), for features the authorizer does not use; one
 * `JSON.stringify` per line gives the same CloudWatch-queryable output.
 */

export type LogFields = Record<string, string | number | boolean | undefined>;

export interface JsonLogger {
  info(fields: LogFields): void;
  error(fields: LogFields): void;
}

/** Where lines go; `process.stdout` in Lambda (raw lines stay valid JSON, unlike `console.log`'s prefix). */
export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * A logger writing one JSON object per line, with `level`, `time` and `service`.
 *
 * @example
 * const logger = createJsonLogger('authorizer');
 * logger.info({ decision: 'allow', sub, kid, latencyMs: 1.2 });
 */
export function createJsonLogger(service: string, sink: LogSink = stdoutSink): JsonLogger {
  const write = (level: string, fields: LogFields): void =>
    sink(JSON.stringify({ level, time: new Date().toISOString(), service, ...fields }));
  return {
    info: (fields) => write('INFO', fields),
    error: (fields) => write('ERROR', fields),
  };
}
