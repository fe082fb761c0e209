/**
 * The emulator CLI's settings: flags first, then the local stack's environment variables, then
 * defaults (port 54321 as the Supabase CLI, data under `.local/auth`).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuthEmulatorOptions } from './server';
import { COMMON_CLI_OPTIONS, checkStorageOptions, integerOption } from '../cli';

export const CLI_USAGE = `Usage: npm exec -- tsx local/auth/main.ts [options]
  --port N          port (env LOCAL_AUTH_PORT, default 54321; 0 = any free port)
  --host H          interface (default 127.0.0.1; anything but loopback needs --allow-remote)
  --allow-remote    allow a non-loopback --host, and answer any Host header
  --data-dir DIR    where state persists (default $LOCAL_DIR/auth, LOCAL_DIR defaulting to .local)
  --in-memory       keep nothing on disk
  --ttl SECONDS     access token lifetime (env LOCAL_ACCESS_TOKEN_TTL, default 3600)
  --refresh-token-reuse-interval SECONDS
                    how long a spent refresh token still refreshes (env
                    GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL, default 10 as the Supabase CLI)
  --control         mount the /_local control routes (behind the controlToken of the ready line)
  --help            this text`;

/**
 * Parses the command line against the environment; `'help'` when help was asked for.
 *
 * @example
 * parseCliOptions(['--port', '0', '--in-memory'], {}); // { port: 0, host: '127.0.0.1', accessTokenTtlSeconds: 3600, refreshTokenReuseIntervalSeconds: 10, controlEnabled: false }
 */
export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): AuthEmulatorOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...COMMON_CLI_OPTIONS,
      'allow-remote': { type: 'boolean' },
      ttl: { type: 'string' },
      'refresh-token-reuse-interval': { type: 'string' },
      control: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  checkStorageOptions(values);
  const options: AuthEmulatorOptions = {
    port: integerOption('port', values.port ?? env.LOCAL_AUTH_PORT ?? '54321'),
    host: values.host ?? '127.0.0.1',
    accessTokenTtlSeconds: integerOption('ttl', values.ttl ?? env.LOCAL_ACCESS_TOKEN_TTL ?? '3600'),
    refreshTokenReuseIntervalSeconds: integerOption(
      'refresh-token-reuse-interval',
      values['refresh-token-reuse-interval'] ?? env.GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL ?? '10',
    ),
    controlEnabled: values.control ?? false,
  };
  if (values['allow-remote']) options.allowRemote = true;
  if (!values['in-memory']) options.dataDir = values['data-dir'] ?? join(env.LOCAL_DIR || '.local', 'auth');
  return options;
}
