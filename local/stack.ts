/**
 * The whole local stack, in-process: the Supabase Auth emulator, the CDK app synthesized with
 * its bundles, PostgreSQL (embedded, or `DATABASE_URL`), the local Data API with the migrations
 * applied, and one API Gateway emulator per
 * RestApi of the synthesized templates, whose Lambdas run their bundles from `cdk.out/`.
 * `npm start` (local/start.ts) and the end-to-end tests both call {@link startLocalStack}.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDataApiClient } from '../lambdas/shared/data-api/client';
import type { DatabaseRole } from '../lambdas/shared/data-api/database-roles';
import { runMigrations } from '../lambdas/shared/data-api/migrate';
import { loadMigrationsFromDirectory } from '../lambdas/shared/data-api/migrations-directory';
import { PROJECT_ROOT } from '../lib/lambda-function';
import { startAuthEmulator, type AuthEmulator } from './auth/server';
import type { LocalConfig } from './config';
import { type LocalControlPlane, startLocalControlPlane } from './control-plane';
import { databaseRoleOf } from './function-database-role';
import { LOCAL_ROLE_SECRET_ARNS } from './data-api/secret-roles';
import { type LocalDatabase, openLocalDatabase } from './data-api/local-database';
import { startDataApiServer, type DataApiServer } from './data-api/server';
import { type CloudAssembly, loadCloudAssembly } from './gateway/cloud-assembly';
import { localFunctionDefinitions } from './gateway/functions';
import { buildApiModels, type RestApiModel } from './gateway/model';
import { startGatewayServer, type GatewayServer } from './gateway/server';
import { createLambdaRuntime, type LambdaRuntime } from './lambda/runtime';
import { localPlatformKey } from './platform-key';
import { LOCAL_STAGE, type SynthResult, synthesizeLocalExclusive } from './synth';

/** What `endpoints.json` holds: everything a client or a test needs to talk to the stack. */
export interface LocalEndpoints {
  publicApiUrl: string;
  internalApiUrl: string;
  /** The example service's API (lib/stacks/example-service-stack.ts): it reuses the authorizer. */
  exampleApiUrl: string;
  supabaseUrl: string;
  supabaseAnonKey: string;
  supabaseServiceRoleKey: string;
  /** The auth emulator's `X-Local-Control-Token` for `/_local` (empty unless `LOCAL_AUTH_CONTROL`). */
  authControlToken: string;
  dataApiEndpoint: string;
  dataApiResourceArn: string;
  dataApiSecretArn: string;
  dataApiDatabase: string;
  platformApiKey: string;
}

export interface LocalStack {
  endpoints: LocalEndpoints;
  /** The auth emulator, when the stack runs its own (no `SUPABASE_URL`). */
  auth: AuthEmulator | undefined;
  /** The PostgreSQL server behind the Data API (its connection string reaches the stack's database directly). */
  database: LocalDatabase;
  dataApi: DataApiServer;
  publicApi: GatewayServer;
  internalApi: GatewayServer;
  exampleApi: GatewayServer;
  /** Local SSM and API Gateway management endpoints (the authorizer cache flush). */
  controlPlane: LocalControlPlane;
  lambdas: LambdaRuntime;
  close(): Promise<void>;
}

/** Called once per step with its name and duration, for the progress lines. */
export type StepReporter = (step: string, ms: number, detail?: string) => void;

const REGION = 'us-east-1';

async function step<T>(
  report: StepReporter,
  name: string,
  fn: () => Promise<T> | T,
  detail?: (value: T) => string,
): Promise<T> {
  const started = performance.now();
  const value = await fn();
  report(name, performance.now() - started, detail?.(value));
  return value;
}

function roleSecretEnvironment(role: DatabaseRole | undefined): Record<string, string> {
  return role === undefined ? {} : { DATA_API_SECRET_ARN: LOCAL_ROLE_SECRET_ARNS[role] };
}

function apiNamed(models: RestApiModel[], suffix: string): RestApiModel {
  const name = `intello-${LOCAL_STAGE}-${suffix}`;
  const model = models.find((m) => m.name === name);
  if (!model)
    throw new Error(
      `the synthesized app has no RestApi named ${name} (found: ${models.map((m) => m.name).join(', ')})`,
    );
  return model;
}

/** What the phases hand on: the config, the reporter, and the closers of what already runs. */
interface StartContext {
  config: LocalConfig;
  report: StepReporter;
  /** Run in reverse order by `close()`, and on a failed start. */
  closers: Array<() => Promise<void>>;
}

/**
 * Starts everything; resolves when every server accepts requests. On failure, whatever started
 * is stopped again before the error is rethrown.
 *
 * @example
 * const stack = await startLocalStack(loadLocalConfig());
 * await fetch(`${stack.endpoints.publicApiUrl}/health`);
 * await stack.close();
 */
export async function startLocalStack(
  config: LocalConfig,
  report: StepReporter = () => undefined,
): Promise<LocalStack> {
  const context: StartContext = { config, report, closers: [] };
  const closeAll = async () => {
    for (const close of context.closers.reverse()) await close().catch(() => undefined);
    context.closers.length = 0;
  };
  try {
    const platformApiKey = prepareLocalDir(config);
    const synth = await synthesize(context);
    const { auth, supabaseUrl, supabaseAnonKey } = await startAuth(context);
    const database = await openDatabase(context);
    const dataApi = await startDataApi(context, database);
    await migrate(context, dataApi);
    const assembly = loadCloudAssembly(synth.outdir);
    const controlPlane = await startLocalControlPlane({ host: config.host, ssmParameters: assembly.ssmParameters });
    context.closers.push(() => controlPlane.close());
    const lambdas = startLambdas(context, assembly, controlPlane, dataApi, supabaseUrl, platformApiKey);
    const gateways = await startGateways(context, assembly, controlPlane, lambdas, platformApiKey);
    const { publicApi, internalApi, exampleApi } = gateways;
    const endpoints: LocalEndpoints = {
      publicApiUrl: publicApi.url,
      internalApiUrl: internalApi.url,
      exampleApiUrl: exampleApi.url,
      supabaseUrl,
      supabaseAnonKey,
      supabaseServiceRoleKey: auth?.serviceRoleKey ?? '',
      authControlToken: auth?.controlToken ?? '',
      dataApiEndpoint: dataApi.url,
      dataApiResourceArn: dataApi.resourceArn,
      dataApiSecretArn: dataApi.secretArn,
      dataApiDatabase: dataApi.database,
      platformApiKey,
    };
    writeFileSync(path.join(config.localDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`, {
      mode: 0o600,
    });
    return { endpoints, auth, database, dataApi, ...gateways, controlPlane, lambdas, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** `--reset` wipes the local folder; returns the platform key (generated once and kept there). */
function prepareLocalDir(config: LocalConfig): string {
  if (config.reset) rmSync(config.localDir, { recursive: true, force: true });
  mkdirSync(config.localDir, { recursive: true });
  return localPlatformKey(config.localDir, config.platformApiKey);
}

/**
 * The CDK context the local stack synthesizes with. Part of the synth's fingerprint: switching
 * keys on or off synthesizes again. A caller that synthesizes ahead (the reliability runs) must
 * use the same, or the stack's own synth starts over in the same folder.
 */
export function localSynthContext(config: LocalConfig): Record<string, unknown> {
  return { orgApiKeys: config.orgApiKeys, ...config.synthContext };
}

function synthesize({ config, report }: StartContext): Promise<SynthResult> {
  return step(
    report,
    'CDK synth (bundles included)',
    () => synthesizeLocalExclusive({ outdir: config.cdkOutDir, context: localSynthContext(config) }),
    (s) => (s.synthesized ? config.cdkOutDir : `${config.cdkOutDir} (unchanged, reused)`),
  );
}

/** The auth emulator, unless `SUPABASE_URL` names another Supabase Auth. */
async function startAuth(
  context: StartContext,
): Promise<{ auth: AuthEmulator | undefined; supabaseUrl: string; supabaseAnonKey: string }> {
  const { config, report } = context;
  if (config.supabaseUrl) {
    report('Supabase Auth: using SUPABASE_URL', 0, config.supabaseUrl);
    return { auth: undefined, supabaseUrl: config.supabaseUrl, supabaseAnonKey: '' };
  }
  const auth = await step(
    report,
    'Supabase Auth emulator',
    () =>
      startAuthEmulator({
        port: config.authPort,
        host: config.host,
        dataDir: path.join(config.localDir, 'auth'),
        accessTokenTtlSeconds: config.accessTokenTtlSeconds,
        controlEnabled: config.authControl,
      }),
    (a) => a.url,
  );
  context.closers.push(() => auth.close());
  return { auth, supabaseUrl: auth.url, supabaseAnonKey: auth.anonKey };
}

/** The embedded PostgreSQL under `${LOCAL_DIR}/postgres` (kept across restarts), or `DATABASE_URL`'s server. */
async function openDatabase(context: StartContext): Promise<LocalDatabase> {
  const { config, report } = context;
  const database = await step(
    report,
    'PostgreSQL',
    () =>
      openLocalDatabase(
        config.databaseUrl
          ? { kind: 'server', url: config.databaseUrl }
          : { kind: 'embedded', dir: path.join(config.localDir, 'postgres') },
      ),
    (d) => d.description,
  );
  context.closers.push(() => database.close());
  return database;
}

async function startDataApi(context: StartContext, database: LocalDatabase): Promise<DataApiServer> {
  const { config, report } = context;
  const dataApi = await step(
    report,
    'Data API',
    () =>
      startDataApiServer({
        port: config.dataApiPort,
        host: config.host,
        connectionString: database.connectionString,
        faultInjection: config.dataApiFaults,
      }),
    (d) => d.url,
  );
  context.closers.push(() => dataApi.close());
  return dataApi;
}

function migrate({ report }: StartContext, dataApi: DataApiServer): Promise<unknown> {
  return step(
    report,
    'migrations',
    async () => {
      const db = createDataApiClient({ ...dataApiClientConfig(dataApi), region: REGION });
      return runMigrations(db, await loadMigrationsFromDirectory(path.join(PROJECT_ROOT, 'migrations')));
    },
    (r) => `${r.applied.length} applied, ${r.skipped.length} already there`,
  );
}

function dataApiClientConfig(dataApi: DataApiServer) {
  return {
    resourceArn: dataApi.resourceArn,
    secretArn: dataApi.secretArn,
    database: dataApi.database,
    endpoint: dataApi.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}

/** The functions of the synthesized app, each with the environment its template gives it, pointed at the local services. */
function startLambdas(
  context: StartContext,
  assembly: CloudAssembly,
  controlPlane: LocalControlPlane,
  dataApi: DataApiServer,
  supabaseUrl: string,
  platformApiKey: string,
): LambdaRuntime {
  const dataApiEnv = {
    AWS_REGION: REGION,
    DATA_API_ENDPOINT: dataApi.url,
    DATA_API_RESOURCE_ARN: dataApi.resourceArn,
    // As in the CDK app: the functions run as the application role; the master is the migrations'.
    DATA_API_SECRET_ARN: LOCAL_ROLE_SECRET_ARNS.intello_app,
    DATA_API_DATABASE: dataApi.database,
  };
  const lambdas = createLambdaRuntime(
    localFunctionDefinitions(assembly, {
      environment: (fn) => ({
        ...dataApiEnv,
        // The role the template grants (the authorizer's own read-only role with keys on).
        ...roleSecretEnvironment(databaseRoleOf(assembly, fn)),
        ...controlPlane.environmentFor(fn),
        ...('SUPABASE_URL' in fn.environment ? { SUPABASE_URL: supabaseUrl } : {}),
        // The platform key comes from the environment locally, not from Secrets Manager.
        ...('PLATFORM_API_KEY_SECRET_ARN' in fn.environment
          ? { PLATFORM_API_KEY_SECRET_ARN: '', PLATFORM_API_KEY: platformApiKey }
          : {}),
        ...context.config.functionEnvironment,
      }),
    }),
    { region: REGION },
  );
  context.closers.push(() => lambdas.close());
  return lambdas;
}

/**
 * The public and internal APIs, and the example service's API (it reuses the authorizer, so reuse
 * and the cache flush on key revocation run end to end); the two that use the authorizer are
 * registered with the control plane's flush.
 */
async function startGateways(
  context: StartContext,
  assembly: CloudAssembly,
  controlPlane: LocalControlPlane,
  lambdas: LambdaRuntime,
  platformApiKey: string,
): Promise<{ publicApi: GatewayServer; internalApi: GatewayServer; exampleApi: GatewayServer }> {
  const { config, report } = context;
  const models = buildApiModels(assembly, { secrets: { PlatformApiKey: platformApiKey } });
  const start = async (suffix: string, port: number) => {
    const server = await startGatewayServer({
      api: apiNamed(models, suffix),
      lambdas,
      port,
      host: config.host,
      region: REGION,
      ...(config.stageThrottling === false ? { stageThrottling: false } : {}),
    });
    context.closers.push(() => server.close());
    return server;
  };
  return step(
    report,
    'API Gateway emulators',
    async () => {
      const publicApi = await start('public', config.apiPort);
      const internalApi = await start('internal', config.internalApiPort);
      const exampleApi = await start('example-orders', config.exampleApiPort);
      controlPlane.register(apiNamed(models, 'public'), publicApi);
      controlPlane.register(apiNamed(models, 'example-orders'), exampleApi);
      return { publicApi, internalApi, exampleApi };
    },
    ({ publicApi, internalApi, exampleApi }) =>
      `public ${publicApi.url}, internal ${internalApi.url}, example service ${exampleApi.url}`,
  );
}
