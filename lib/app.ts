/**
 * Builds every stack of the app into a CDK `App`. `bin/app.ts` calls it for `cdk synth`; the
 * infrastructure tests and the local stack call it to synthesize in-process.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadAppConfig, type AppConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { AuthStack } from './stacks/auth-stack';
import { DataStack } from './stacks/data-stack';
import { ExampleServiceStack } from './stacks/example-service-stack';
import { MonitoringStack } from './stacks/monitoring-stack';

export interface IntelloApp {
  config: AppConfig;
  auth: AuthStack;
  data: DataStack;
  api: ApiStack;
  exampleService: ExampleServiceStack;
  monitoring: MonitoringStack;
}

/**
 * Adds the Intello stacks to `app`, named `Intello-<stage>-<Part>`.
 *
 * @example
 * const app = new App({ context: { supabaseUrl: 'https://abc.supabase.co' } });
 * const { api } = buildApp(app);
 */
export function buildApp(app: App): IntelloApp {
  const config = loadAppConfig(app.node);
  const prefix = `Intello-${config.stageName}`;
  const data = new DataStack(app, `${prefix}-Data`, {
    config,
    description: 'Intello: Aurora PostgreSQL with the Data API',
  });
  const auth = new AuthStack(app, `${prefix}-Auth`, {
    config,
    // Only with org API keys does the authorizer touch the database, as its own read-only role.
    ...(config.orgApiKeys ? { apiKeyLookup: data.authorizerRole } : {}),
    description: 'Intello: Supabase token authorizer',
  });
  const api = new ApiStack(app, `${prefix}-Api`, {
    config,
    // Every API function reaches the database as the application role, never as the master.
    data: data.appRole,
    authorizerArnParameterName: auth.functionArnParameterName,
    authorizerConsumersPath: auth.consumersPath,
    description: 'Intello: public and internal REST APIs',
  });
  // The ARN travels through SSM, not an export, so the API stack needs an explicit order.
  api.addStackDependency(auth);
  const exampleService = new ExampleServiceStack(app, `${prefix}-ExampleService`, {
    authorizerArnParameterName: auth.functionArnParameterName,
    authorizerConsumersPath: auth.consumersPath,
    stageName: config.stageName,
    description: 'Intello: example service reusing the shared authorizer',
  });
  exampleService.addStackDependency(auth);
  const monitoring = new MonitoringStack(app, `${prefix}-Monitoring`, {
    config,
    auth,
    data,
    api,
    description: 'Intello: alarms on an SNS topic, and the operations dashboard',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { config, auth, data, api, exampleService, monitoring };
}
