/**
 * The whole gateway side of the local stack in one call: read `cdk.out`, build the API models,
 * start one Lambda runtime for every function and one HTTP server per selected RestApi.
 */
import { createLambdaRuntime, type LambdaRuntime } from '../lambda/runtime';
import { loadCloudAssembly, type CloudAssembly } from './cloud-assembly';
import { localFunctionDefinitions, type LocalFunctionOptions } from './functions';
import { buildApiModels, type RestApiModel } from './model';
import { startGatewayServer, type GatewayServer } from './server';

export interface StartGatewaysOptions {
  cdkOutDir: string;
  /**
   * The APIs to serve. `api` names one RestApi: its `Name` (`intello-prod-public`), the end of
   * its name after a dash (`public`), its logical id, or its construct id (logical id without
   * CDK's hash).
   */
  apis: { api: string; port?: number; stageName?: string }[];
  host?: string;
  region?: string;
  accountId?: string;
  secrets?: Record<string, string>;
  ssmParameters?: Record<string, string>;
  /** Variables added to (or replacing) the template's, e.g. local endpoints. */
  environment?: LocalFunctionOptions['environment'];
  /** Execution environments per function (default 4). */
  maxEnvironments?: number;
  log?: (line: string) => void;
}

export interface RunningGateways {
  assembly: CloudAssembly;
  models: RestApiModel[];
  lambdas: LambdaRuntime;
  /** By the `api` selector given in the options. */
  servers: Record<string, GatewayServer>;
  close(): Promise<void>;
}

/**
 * Starts the selected APIs of a synthesized app.
 *
 * @example
 * const gateways = await startGateways({
 *   cdkOutDir: 'cdk.out',
 *   apis: [{ api: 'public', port: 3000 }, { api: 'internal', port: 3001 }],
 *   secrets: { PlatformApiKey: platformApiKey },
 *   environment: { SUPABASE_URL: 'http://127.0.0.1:54321' },
 * });
 * gateways.servers.public.url; // 'http://127.0.0.1:3000'
 */
export async function startGateways(options: StartGatewaysOptions): Promise<RunningGateways> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const assembly = loadCloudAssembly(options.cdkOutDir, {
    region,
    accountId,
    ...(options.ssmParameters ? { ssmParameters: options.ssmParameters } : {}),
  });
  const models = buildApiModels(assembly, { ...(options.secrets ? { secrets: options.secrets } : {}) });
  const selected = options.apis.map((entry) => ({ entry, model: selectApi(models, entry.api) }));
  const lambdas = createLambdaRuntime(
    localFunctionDefinitions(assembly, options.environment ? { environment: options.environment } : {}),
    {
      region,
      ...(options.maxEnvironments ? { maxEnvironments: options.maxEnvironments } : {}),
    },
  );
  const servers: Record<string, GatewayServer> = {};
  try {
    for (const { entry, model } of selected) {
      servers[entry.api] = await startGatewayServer({
        api: model,
        lambdas,
        region,
        accountId,
        ...(entry.port !== undefined ? { port: entry.port } : {}),
        ...(entry.stageName ? { stageName: entry.stageName } : {}),
        ...(options.host ? { host: options.host } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
    }
  } catch (error) {
    await Promise.all(Object.values(servers).map((server) => server.close()));
    await lambdas.close();
    throw error;
  }
  return {
    assembly,
    models,
    lambdas,
    servers,
    async close() {
      await Promise.all(Object.values(servers).map((server) => server.close()));
      await lambdas.close();
    },
  };
}

/**
 * The one RestApi a selector names; throws when none or several match.
 *
 * @example
 * selectApi(models, 'internal').name; // 'intello-prod-internal'
 */
export function selectApi(models: RestApiModel[], selector: string): RestApiModel {
  const matches = models.filter(
    (model) =>
      model.name === selector ||
      model.name.endsWith(`-${selector}`) ||
      model.logicalId === selector ||
      model.logicalId.replace(/[0-9A-F]{8}$/, '') === selector,
  );
  if (matches.length === 1) return matches[0]!;
  const names = models.map((model) => model.name).join(', ');
  if (matches.length === 0) throw new Error(`no RestApi matches "${selector}" (the assembly has: ${names})`);
  throw new Error(`"${selector}" matches several RestApis: ${matches.map((model) => model.name).join(', ')}`);
}
