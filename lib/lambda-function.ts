/**
 * Every Lambda of the app is built the same way: Node 24 on arm64, ESM, minified, the AWS SDK
 * bundled in (a self-contained asset that the local stack runs unchanged, at a pinned SDK
 * version), a log group with retention. The asset is built by `bundleLambda()` (`lib/bundling.ts`),
 * the same build the benches measure and the local stack runs.
 */
import { AssetHashType, DockerImage, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from './bundling';

export { PROJECT_ROOT };

export interface IntelloFunctionProps {
  /** The folder under `lambdas/` whose `handler.ts` is the entry. */
  name: string;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  /** Folders of the repository copied into the asset beside `index.mjs` (e.g. `migrations`). */
  assetFolders?: string[];
}

/** The command that builds a function's asset into `outputDir`, from the repository root. */
const bundleCommand = (name: string, assetFolders: string[], outputDir: string): string[] => [
  'node',
  '--import',
  'tsx',
  'lib/bundle-lambda.ts',
  name,
  outputDir,
  ...assetFolders,
];

/**
 * A Lambda function with the project's runtime, architecture and bundling. Its asset hash is that
 * of the built output, so only a change to what ships makes a new version (and re-runs triggers).
 *
 * @example
 * const fn = new IntelloFunction(this, 'Authorizer', { name: 'authorizer', description: '…', logRetention, removalPolicy });
 */
export class IntelloFunction extends LambdaFunction {
  /** The folder under `lambdas/` it was built from (names its alarms). */
  readonly sourceName: string;

  constructor(scope: Construct, id: string, props: IntelloFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    // Its own role that may write to its own log group only, instead of the managed
    // AWSLambdaBasicExecutionRole (logs on every group in the account).
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.name}`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const folders = props.assetFolders ?? [];
    const code = Code.fromAsset(PROJECT_ROOT, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // The command names the function, which also keeps CDK's bundling cache (keyed by these
        // options, not by the local function) from handing one function's asset to another.
        command: bundleCommand(props.name, folders, '/asset-output'),
        // Never pulled: local bundling always answers, or fails the synth with esbuild's error.
        image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
        local: {
          tryBundle: (outputDir) => {
            const [, ...args] = bundleCommand(props.name, folders, outputDir);
            // This Node binary, with tsx resolved from here rather than from the caller's directory.
            args[1] = import.meta.resolve('tsx');
            // Piped, not inherited: esbuild's service process would otherwise hold the caller's
            // stdout (a jest worker's pipe) open after the bundle is built.
            execFileSync(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
            return true;
          },
        },
      },
    });
    super(scope, id, {
      role,
      code,
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      // No --enable-source-maps: it slows cold starts and every stack trace; the .map files ship for
      // decoding traces offline.
      environment: { ...props.environment },
      logGroup,
    });
    this.sourceName = props.name;
  }
}
