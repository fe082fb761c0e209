/**
 * The whole local stack, in-process: the Supabase Auth emulator, the CDK app synthesized with
 * its bundles, the local Data API with the migrations applied, and one API Gateway emulator per
 * RestApi of the synthesized templates, whose Lambdas run their bundles from `cdk.out/`.
 * `npm start` (local/start.ts) and the end-to-end tests both call {@link startLocalStack}.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
import { startDataApiServer, type DataApiServer } from './data-api/server';
import { loadCloudAssembly } from './gateway/cloud-assembly';
import { localFunctionDefinitions } from './gateway/functions';
import { buildApiModels, type RestApiModel } from './gateway/model';
import { startGatewayServer, type GatewayServer } from './gateway/server';
import { createLambdaRuntime, type LambdaRuntime } from './lambda/runtime';
import { localPlatformKey } from './platform-key';
import { LOCAL_STAGE, synthesizeLocalExclusive } from './synth';

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
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    if (config.reset) rmSync(config.localDir, { recursive: true, force: true });
    mkdirSync(config.localDir, { recursive: true });
    const platformApiKey = localPlatformKey(config.localDir, config.platformApiKey);

    const synth = await step(
      report,
      'CDK synth (bundles included)',
      () =>
        synthesizeLocalExclusive({
          outdir: config.cdkOutDir,
          // Part of the synth's fingerprint: switching keys on or off synthesizes again.
          context: { orgApiKeys: config.orgApiKeys, ...config.synthContext },
        }),
      (s) => (s.synthesized ? config.cdkOutDir : `${config.cdkOutDir} (unchanged, reused)`),
    );

    let auth: AuthEmulator | undefined;
    let supabaseUrl = config.supabaseUrl;
    let supabaseAnonKey = '';
    if (!supabaseUrl) {
      auth = await step(
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
      closers.push(() => auth!.close());
      supabaseUrl = auth.url;
      supabaseAnonKey = auth.anonKey;
    } else {
      report('Supabase Auth: using SUPABASE_URL', 0, supabaseUrl);
    }

    // PGlite's first start runs initdb into the folder; a start stopped in the middle (Ctrl-C,
    // a crash) leaves a folder PGlite takes for a database but that lacks parts of the catalog
    // (plpgsql, so the migrations fail). The marker exists only while a new folder is being
    // initialized: found at start, it means the folder never held data and is discarded.
    const pgliteDir = path.join(config.localDir, 'pglite');
    const initializing = path.join(config.localDir, 'pglite.initializing');
    let discarded = false;
    if (!config.databaseUrl) {
      if (existsSync(initializing)) {
        rmSync(pgliteDir, { recursive: true, force: true });
        discarded = true;
      }
      if (!existsSync(pgliteDir)) writeFileSync(initializing, '');
    }
    const dataApi = await step(
      report,
      'Data API',
      () =>
        startDataApiServer({
          port: config.dataApiPort,
          host: config.host,
          backend: config.databaseUrl
            ? { kind: 'postgres', connectionString: config.databaseUrl }
            : { kind: 'pglite', dataDir: pgliteDir },
          faultInjection: config.dataApiFaults,
        }),
      (d) =>
        `${d.url} on ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite'}${discarded ? ' (the half-initialized database of an interrupted first start was discarded)' : ''}`,
    );
    closers.push(() => dataApi.close());
    rmSync(initializing, { force: true });

    const dataApiEnv = {
      AWS_REGION: REGION,
      DATA_API_ENDPOINT: dataApi.url,
      DATA_API_RESOURCE_ARN: dataApi.resourceArn,
      // As in the CDK app: the functions run as the application role; the master is the migrations'.
      DATA_API_SECRET_ARN: LOCAL_ROLE_SECRET_ARNS.intello_app,
      DATA_API_DATABASE: dataApi.database,
    };
    await step(
      report,
      'migrations',
      async () => {
        const db = createDataApiClient({
          region: REGION,
          resourceArn: dataApi.resourceArn,
          secretArn: dataApi.secretArn,
          database: dataApi.database,
          endpoint: dataApi.url,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        });
        return runMigrations(db, await loadMigrationsFromDirectory(path.join(PROJECT_ROOT, 'migrations')));
      },
      (r) => `${r.applied.length} applied, ${r.skipped.length} already there`,
    );

    const assembly = loadCloudAssembly(synth.outdir);
    const controlPlane = await startLocalControlPlane({ host: config.host, ssmParameters: assembly.ssmParameters });
    closers.push(() => controlPlane.close());
    const lambdas = createLambdaRuntime(
      localFunctionDefinitions(assembly, {
        environment: (fn) => ({
          ...dataApiEnv,
          // The role the template grants (the authorizer's own read-only role with keys on).
          ...roleSecretEnvironment(databaseRoleOf(assembly, fn)),
          ...controlPlane.environmentFor(fn),
          ...('SUPABASE_URL' in fn.environment ? { SUPABASE_URL: supabaseUrl! } : {}),
          // The platform key comes from the environment locally, not from Secrets Manager.
          ...('PLATFORM_API_KEY_SECRET_ARN' in fn.environment
            ? { PLATFORM_API_KEY_SECRET_ARN: '', PLATFORM_API_KEY: platformApiKey }
            : {}),
          ...config.functionEnvironment,
        }),
      }),
      { region: REGION },
    );
    closers.push(() => lambdas.close());
    const models = buildApiModels(assembly, { secrets: { PlatformApiKey: platformApiKey } });
    const [publicApi, internalApi, exampleApi] = await step(
      report,
      'API Gateway emulators',
      async () => {
        const pub = await startGatewayServer({
          api: apiNamed(models, 'public'),
          lambdas,
          port: config.apiPort,
          host: config.host,
          region: REGION,
        });
        closers.push(() => pub.close());
        const internal = await startGatewayServer({
          api: apiNamed(models, 'internal'),
          lambdas,
          port: config.internalApiPort,
          host: config.host,
          region: REGION,
        });
        closers.push(() => internal.close());
        const example = await startGatewayServer({
          api: apiNamed(models, 'example-orders'),
          lambdas,
          port: config.exampleApiPort,
          host: config.host,
          region: REGION,
        });
        closers.push(() => example.close());
        controlPlane.register(apiNamed(models, 'public'), pub);
        controlPlane.register(apiNamed(models, 'example-orders'), example);
        return [pub, internal, example] as const;
      },
      ([p, i, e]) => `public ${p.url}, internal ${i.url}, example service ${e.url}`,
    );

    const endpoints: LocalEndpoints = {
      publicApiUrl: publicApi.url,
      internalApiUrl: internalApi.url,
      exampleApiUrl: exampleApi.url,
      supabaseUrl: supabaseUrl!,
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
    return { endpoints, auth, dataApi, publicApi, internalApi, exampleApi, controlPlane, lambdas, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
