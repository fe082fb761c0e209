/**
 * A small two-stack CDK app synthesized in-process for the gateway tests: an "auth" stack whose
 * authorizer function is published through SSM, and an "api" stack that imports it
 * (`Function.fromFunctionAttributes` on an SSM value, as the real app does) for a public API,
 * next to an internal API with API keys and a usage plan. Handlers are tiny real modules whose
 * behaviour the test picks through the token or the query string.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const AUTHORIZER_PARAMETER = '/fixture/authorizer-arn';
export const TOKEN_REGEX = '^Bearer [-0-9A-Za-z_.]+$';

/** Behaviour by token: `Bearer allow-<sub>`, `deny`, `first-route`, `get-only`, `unauthorized`, `boom`, `nested`, `no-policy`, `hang`. */
const AUTHORIZER_SOURCE = `
let calls = 0;
export const handler = async (event) => {
  calls += 1;
  const word = event.authorizationToken.replace(/^Bearer /, '');
  const [arn, stage] = event.methodArn.split('/');
  const everything = arn + '/' + stage + '/*/*';
  const policy = (Effect, Resource) => ({ Version: '2012-10-17', Statement: [{ Effect, Action: 'execute-api:Invoke', Resource }] });
  if (word.startsWith('allow-')) return { principalId: word.slice(6), policyDocument: policy('Allow', everything), context: { sub: word.slice(6), exp: 1700000000, admin: false, calls, methodArn: event.methodArn } };
  if (word === 'deny') return { principalId: 'someone', policyDocument: policy('Deny', everything), context: { code: 'token_expired', calls } };
  if (word === 'first-route') return { principalId: 'someone', policyDocument: policy('Allow', event.methodArn), context: { calls } };
  if (word === 'get-only') return { principalId: 'someone', policyDocument: policy('Allow', arn + '/' + stage + '/GET/*'), context: { calls } };
  if (word === 'unauthorized') throw new Error('Unauthorized');
  if (word === 'boom') throw new Error('boom');
  if (word === 'nested') return { principalId: 'someone', policyDocument: policy('Allow', everything), context: { nested: { a: 1 } } };
  if (word === 'no-policy') return { principalId: 'someone' };
  if (word === 'hang') await new Promise(() => {});
  return { principalId: 'someone', policyDocument: policy('Deny', everything) };
};`;

/** Echoes the event; `?mode=` picks a failure: malformed, throw, hang, sleep (400 ms), crash, binary. */
const ECHO_SOURCE = `
let calls = 0;
export const handler = async (event, context) => {
  calls += 1;
  const mode = event.queryStringParameters?.mode;
  if (mode === 'malformed') return { statusCode: 200, body: { not: 'a string' } };
  if (mode === 'throw') throw new Error('handler failed');
  if (mode === 'hang') await new Promise(() => {});
  if (mode === 'sleep') await new Promise((resolve) => setTimeout(resolve, 400));
  if (mode === 'crash') process.exit(1);
  if (mode === 'binary') return { statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: Buffer.from([137, 80, 78, 71]).toString('base64'), isBase64Encoded: true };
  return {
    statusCode: Number(event.queryStringParameters?.status ?? 200),
    headers: { 'Content-Type': 'application/json', 'X-Echo': 'yes' },
    multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
    body: JSON.stringify({ event, calls, functionName: context.functionName, env: { GREETING: process.env.GREETING, AUTHORIZER_ARN: process.env.AUTHORIZER_ARN, STAGE_URL: process.env.STAGE_URL } }),
  };
};`;

export interface FixtureOptions {
  /** Leave the auth stack out, so the SSM parameter the authorizer needs is defined nowhere. */
  withoutAuthStack?: boolean;
  /** Write `aws:asset:path` metadata (otherwise assets are found through `<Stack>.assets.json`). */
  assetMetadata?: boolean;
}

export interface FixtureApp {
  outdir: string;
  /** Secrets to hand to `buildApiModels` so the internal API key resolves. */
  secrets: Record<string, string>;
  internalKey: string;
  cleanup(): void;
}

export const INTERNAL_KEY = 'internal-key-0123456789abcdef';
export const DISABLED_KEY = 'disabled-key-0123456789abcdef';
export const PUBLIC_PLAN_KEY = 'public-plan-key-0123456789abcd';

/**
 * Synthesizes the fixture app into a temporary directory.
 *
 * @example
 * const fixture = synthFixtureApp();
 * const assembly = loadCloudAssembly(fixture.outdir);
 */
export function synthFixtureApp(options: FixtureOptions = {}): FixtureApp {
  const root = mkdtempSync(join(tmpdir(), 'gateway-fixture-'));
  const asset = (name: string, source: string) => {
    const dir = join(root, 'src', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.mjs'), source);
    return lambda.Code.fromAsset(dir);
  };
  const outdir = join(root, 'cdk.out');
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': options.assetMetadata ?? true } });

  if (!options.withoutAuthStack) {
    const auth = new Stack(app, 'FixtureAuth');
    const authorizerFn = new lambda.Function(auth, 'AuthorizerFn', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: asset('authorizer', AUTHORIZER_SOURCE),
      timeout: Duration.seconds(1),
    });
    new ssm.StringParameter(auth, 'AuthorizerArn', {
      parameterName: AUTHORIZER_PARAMETER,
      stringValue: authorizerFn.functionArn,
    });
  }

  const stack = new Stack(app, 'FixtureApi');
  const authorizerFn = lambda.Function.fromFunctionAttributes(stack, 'ImportedAuthorizer', {
    functionArn: ssm.StringParameter.valueForStringParameter(stack, AUTHORIZER_PARAMETER),
    sameEnvironment: true,
  });
  const echo = new lambda.Function(stack, 'EchoFn', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: asset('echo', ECHO_SOURCE),
    timeout: Duration.seconds(1),
    environment: { GREETING: 'hello', AUTHORIZER_ARN: authorizerFn.functionArn },
  });
  const integration = new apigateway.LambdaIntegration(echo);

  const publicApi = new apigateway.RestApi(stack, 'PublicApi', {
    deployOptions: { stageName: 'v1' },
    binaryMediaTypes: ['image/png'],
  });
  const authorizer = new apigateway.TokenAuthorizer(stack, 'PublicAuthorizer', {
    handler: authorizerFn,
    validationRegex: TOKEN_REGEX,
    resultsCacheTtl: Duration.seconds(300),
  });
  const uncached = new apigateway.TokenAuthorizer(stack, 'UncachedAuthorizer', {
    handler: authorizerFn,
    validationRegex: TOKEN_REGEX,
    resultsCacheTtl: Duration.seconds(0),
  });
  publicApi.root.addMethod('GET', integration);
  publicApi.root.addResource('health').addMethod('GET', integration);
  publicApi.root
    .addResource('impatient')
    .addMethod('GET', new apigateway.LambdaIntegration(echo, { timeout: Duration.millis(100) }));
  const api = publicApi.root.addResource('api');
  api.addResource('me').addMethod('GET', integration, { authorizer });
  api.addResource('uncached').addMethod('GET', integration, { authorizer: uncached });
  api.addResource('specs').addResource('{specId}').addMethod('ANY', integration, { authorizer });
  publicApi.root.addResource('files').addResource('{proxy+}').addMethod('ANY', integration);
  publicApi.addGatewayResponse('Unauthorized', {
    type: apigateway.ResponseType.UNAUTHORIZED,
    responseHeaders: { 'Access-Control-Allow-Origin': "'*'" },
    templates: {
      'application/json':
        '{"error":{"code":"unauthorized","message":$context.error.messageString,"requestId":"$context.requestId"}}',
    },
  });
  publicApi.addGatewayResponse('AccessDenied', {
    type: apigateway.ResponseType.ACCESS_DENIED,
    statusCode: '401',
    responseHeaders: { 'Access-Control-Allow-Origin': "'*'" },
    templates: {
      'application/json': '{"error":{"code":"$context.authorizer.code","message":$context.error.messageString}}',
    },
  });
  publicApi.addGatewayResponse('Default5xx', {
    type: apigateway.ResponseType.DEFAULT_5XX,
    responseHeaders: { 'Access-Control-Allow-Origin': "'*'" },
  });
  const publicPlan = publicApi.addUsagePlan('PublicPlan', { throttle: { rateLimit: 100, burstLimit: 100 } });
  publicPlan.addApiStage({ stage: publicApi.deploymentStage });
  publicPlan.addApiKey(publicApi.addApiKey('PublicPlanKey', { value: PUBLIC_PLAN_KEY }));

  const internalApi = new apigateway.RestApi(stack, 'InternalApi', {
    deployOptions: { stageName: 'internal', variables: { env: 'local' } },
    defaultCorsPreflightOptions: { allowOrigins: ['https://app.example'] },
  });
  const orgs = internalApi.root.addResource('internal').addResource('orgs');
  orgs.addMethod('GET', integration, { apiKeyRequired: true });
  orgs.addResource('{orgId}').addMethod('GET', integration, { apiKeyRequired: true });
  const secret = new secretsmanager.Secret(stack, 'InternalKeySecret', {
    generateSecretString: { excludePunctuation: true, passwordLength: 32 },
  });
  const plan = internalApi.addUsagePlan('InternalPlan', { throttle: { rateLimit: 1, burstLimit: 3 } });
  plan.addApiStage({ stage: internalApi.deploymentStage });
  plan.addApiKey(internalApi.addApiKey('InternalKey', { value: secret.secretValue.unsafeUnwrap() }));
  plan.addApiKey(new apigateway.ApiKey(stack, 'DisabledKey', { value: DISABLED_KEY, enabled: false }));

  app.synth();
  return {
    outdir,
    secrets: { InternalKeySecret: INTERNAL_KEY },
    internalKey: INTERNAL_KEY,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
