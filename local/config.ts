/**
 * The local stack's settings, read once from the environment and the command line. Local
 * tooling only: nothing here is bundled into a Lambda.
 */
import path from 'node:path';

export interface LocalConfig {
  apiPort: number;
  internalApiPort: number;
  /** `LOCAL_EXAMPLE_API_PORT` (default 3002): the example service's API, which reuses the authorizer. */
  exampleApiPort: number;
  authPort: number;
  dataApiPort: number;
  host: string;
  /** `LOCAL_DIR`: the embedded PostgreSQL (`postgres/`), auth emulator state, the platform key, endpoints.json. */
  localDir: string;
  /** Where the CDK app is synthesized. */
  cdkOutDir: string;
  /** An external Supabase project (or another emulator) instead of the local one. */
  supabaseUrl: string | undefined;
  /** A PostgreSQL server of your own for the local Data API instead of the embedded one. */
  databaseUrl: string | undefined;
  /** `PLATFORM_API_KEY`, else generated once and kept in the local directory. */
  platformApiKey: string | undefined;
  accessTokenTtlSeconds: number;
  /** `--reset`: wipe the local directory first. */
  reset: boolean;
  /** `LOCAL_DATA_API_FAULTS=true`: the Data API's fault-injection control endpoint is on (reliability tests). */
  dataApiFaults: boolean;
  /** `LOCAL_AUTH_CONTROL=true`: the auth emulator's /_local control routes are on (reliability tests). */
  authControl: boolean;
  /**
   * `LOCAL_ORG_API_KEYS` (default true): the app is synthesized with the `orgApiKeys` context, so
   * a newcomer can try org API keys; `false` gives the deployed default (keys off).
   */
  orgApiKeys: boolean;
  /**
   * Variables set on every function last, over the template's and the stack's own (in-process
   * callers only, no environment variable reads it). The end-to-end tests shrink
   * `AUTH_CLOCK_SKEW_SECONDS` with it instead of changing the app's defaults.
   */
  functionEnvironment?: Record<string, string>;
  /** CDK context over cdk.json's for the local synth (in-process callers only). */
  synthContext?: Record<string, unknown>;
  /**
   * False: the gateways answer no request 429 for the stage's throttle (in-process callers only).
   * The load bench measures capacity, which a throttle would hide; the deployable context caps
   * the rate at API Gateway's account quota, 10 000 requests/s, which `/health` outruns locally.
   */
  stageThrottling?: boolean;
}

type Env = Record<string, string | undefined>;

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${name} must be a port number (0 for a free port), got "${raw}"`);
  return value;
}

/**
 * Reads the local stack's settings.
 *
 * @example
 * const config = loadLocalConfig(process.env, process.argv.slice(2));
 */
export function loadLocalConfig(env: Env = process.env, argv: string[] = []): LocalConfig {
  for (const arg of argv) if (arg !== '--reset') throw new Error(`unknown option ${arg} (the only option is --reset)`);
  const localDir = path.resolve(env.LOCAL_DIR || '.local');
  const ttlRaw = env.LOCAL_ACCESS_TOKEN_TTL;
  const ttl = ttlRaw ? Number(ttlRaw) : 3600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86400)
    throw new Error(`LOCAL_ACCESS_TOKEN_TTL must be whole seconds between 1 and 86400, got "${ttlRaw}"`);
  const key = env.PLATFORM_API_KEY || undefined;
  if (key !== undefined && (key.length < 20 || key.length > 128))
    throw new Error('PLATFORM_API_KEY must be 20 to 128 characters, as API Gateway requires');
  return {
    apiPort: port(env, 'LOCAL_API_PORT', 3000),
    internalApiPort: port(env, 'LOCAL_INTERNAL_API_PORT', 3001),
    exampleApiPort: port(env, 'LOCAL_EXAMPLE_API_PORT', 3002),
    authPort: port(env, 'LOCAL_AUTH_PORT', 54321),
    dataApiPort: port(env, 'LOCAL_DATA_API_PORT', 4010),
    host: '127.0.0.1',
    localDir,
    cdkOutDir: path.resolve(env.LOCAL_CDK_OUT || 'cdk.out'),
    supabaseUrl: env.SUPABASE_URL || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    platformApiKey: key,
    accessTokenTtlSeconds: ttl,
    reset: argv.includes('--reset'),
    dataApiFaults: env.LOCAL_DATA_API_FAULTS === 'true',
    authControl: env.LOCAL_AUTH_CONTROL === 'true',
    orgApiKeys: flag(env, 'LOCAL_ORG_API_KEYS', true),
  };
}
