/**
 * The authorizer's real handler module, imported the way Lambda does: configuration from the
 * environment (pointed at a loopback JWKS server) and the JWKS fetched during the import. The
 * log lines it writes to stdout are captured until `restore()`.
 */
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { JwksServer } from './jwks-server';

export interface ColdStartedHandler {
  handler: (event: APIGatewayTokenAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;
  /** Every chunk the module wrote to stdout since its import began (one JSON line each). */
  lines: string[];
  /** Puts stdout and the environment back. */
  restore(): void;
}

/**
 * Cold-starts the handler against `server` (once per test file: jest gives each file its own modules).
 *
 * @example
 * const started = await coldStartHandler(server);
 * await started.handler(tokenEvent(`Bearer ${token}`));
 * started.restore();
 */
export async function coldStartHandler(server: JwksServer): Promise<ColdStartedHandler> {
  const lines: string[] = [];
  const stdoutWrite = process.stdout.write;
  const env = server.env();
  Object.assign(process.env, env);
  process.stdout.write = ((chunk: string) => lines.push(chunk) > 0) as typeof process.stdout.write;
  try {
    const { handler } = await import('../../../lambdas/authorizer/handler');
    return {
      handler,
      lines,
      restore() {
        process.stdout.write = stdoutWrite;
        for (const name of Object.keys(env)) delete process.env[name];
      },
    };
  } catch (error) {
    process.stdout.write = stdoutWrite;
    throw error;
  }
}
