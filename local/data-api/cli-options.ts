/**
 * The Data API emulator CLI's settings: flags first, then the local stack's environment
 * variables, then defaults (an embedded PostgreSQL 17 kept under `.local/postgres`; the server
 * of `DATABASE_URL` or `--database-url` when given).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DatabaseChoice } from './local-database';
import type { DataApiServerOptions } from './server';
import { COMMON_CLI_OPTIONS, checkStorageOptions, integerOption } from '../cli';

export const CLI_USAGE = `Usage: npm exec -- tsx local/data-api/main.ts [options]
  --port N              port (env LOCAL_DATA_API_PORT, default 4010; 0 = any free port)
  --host H              interface (default 127.0.0.1)
  --database-url URL    use this PostgreSQL server (env DATABASE_URL) instead of the embedded one
  --data-dir DIR        the embedded server's folder (default $LOCAL_DIR/postgres, LOCAL_DIR defaulting to .local)
  --in-memory           the embedded server keeps nothing (a temporary folder, removed on exit)
  --fault-injection     mount POST/DELETE /_local/faults (env LOCAL_DATA_API_FAULTS=true)
  --idle-timeout-ms N   roll back transactions idle this long (default 180000, as AWS)
  --verbose             also log debug lines (each call's start)
  --help                this text`;

/** The server's options (the database still to open) plus the CLI's own. */
export type CliOptions = Omit<DataApiServerOptions, 'connectionString'> & {
  database: DatabaseChoice;
  verbose: boolean;
};

/**
 * Parses the command line against the environment; `'help'` when help was asked for.
 *
 * @example
 * parseCliOptions(['--port', '0', '--in-memory'], {});
 * // { port: 0, host: '127.0.0.1', database: { kind: 'embedded', dir: undefined }, faultInjection: false, transactionIdleTimeoutMs: 180000, verbose: false }
 */
export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...COMMON_CLI_OPTIONS,
      'database-url': { type: 'string' },
      'fault-injection': { type: 'boolean' },
      'idle-timeout-ms': { type: 'string' },
      verbose: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  checkStorageOptions(values);
  const databaseUrl = values['database-url'] ?? (env.DATABASE_URL || undefined);
  if (databaseUrl && (values['in-memory'] || values['data-dir'])) {
    throw new Error('--in-memory and --data-dir apply to the embedded server, not to --database-url/DATABASE_URL');
  }
  const faultsEnv = env.LOCAL_DATA_API_FAULTS?.toLowerCase();
  if (faultsEnv !== undefined && faultsEnv !== '' && faultsEnv !== 'true' && faultsEnv !== 'false') {
    throw new Error(
      `LOCAL_DATA_API_FAULTS must be "true" or "false", got ${JSON.stringify(env.LOCAL_DATA_API_FAULTS)}`,
    );
  }
  const idle = integerOption('idle-timeout-ms', values['idle-timeout-ms'] ?? '180000');
  if (idle === 0) throw new Error('idle-timeout-ms must be positive');
  return {
    port: integerOption('port', values.port ?? env.LOCAL_DATA_API_PORT ?? '4010'),
    host: values.host ?? '127.0.0.1',
    database: databaseUrl
      ? { kind: 'server', url: databaseUrl }
      : {
          kind: 'embedded',
          dir: values['in-memory'] ? undefined : (values['data-dir'] ?? join(env.LOCAL_DIR || '.local', 'postgres')),
        },
    faultInjection: values['fault-injection'] ?? faultsEnv === 'true',
    transactionIdleTimeoutMs: idle,
    verbose: values.verbose ?? false,
  };
}
