/**
 * Every Lambda of the app is built the same way: Node 24 on arm64, ESM, minified, the AWS SDK
 * bundled in (a self-contained asset that the local stack runs unchanged, at a pinned SDK
 * version), a log group with retention. The esbuild options mirror `lambdaEsbuildOptions()`.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESM_REQUIRE_BANNER, LAMBDA_ALIASES, LAMBDA_NODE_TARGET } from './bundling';

/** The repository root (this file lives in `lib/`). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface IntelloFunctionProps {
  /** The folder under `lambdas/` whose `handler.ts` is the entry. */
  name: string;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  commandHooks?: ICommandHooks;
}

/**
 * A `NodejsFunction` with the project's runtime, architecture and bundling.
 *
 * @example
 * const fn = new IntelloFunction(this, 'Authorizer', { name: 'authorizer', description: '…', logRetention, removalPolicy });
 */
export class IntelloFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: IntelloFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention, removalPolicy: props.removalPolicy });
    // Its own role that may write to its own log group only, instead of the managed
    // AWSLambdaBasicExecutionRole (logs on every group in the account).
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `Execution role of ${props.name}` });
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    super(scope, id, {
      role,
      entry: path.join(PROJECT_ROOT, 'lambdas', props.name, 'handler.ts'),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      // No --enable-source-maps: it slows cold starts and every stack trace; the .map files ship for
      // decoding traces offline.
      environment: { ...props.environment },
      logGroup,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      projectRoot: PROJECT_ROOT,
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_NODE_TARGET,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        logLevel: LogLevel.ERROR,
        esbuildArgs: Object.fromEntries(Object.entries(LAMBDA_ALIASES).map(([from, to]) => [`--alias:${from}`, to])),
        bundleAwsSDK: true,
        externalModules: [],
        ...(props.commandHooks ? { commandHooks: props.commandHooks } : {}),
      },
    });
  }
}
