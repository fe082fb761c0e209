/**
 * The two REST APIs, generated from the one route table (`lambdas/routes.ts`):
 * - the public API, every route behind the shared Supabase token authorizer (except `auth: 'none'`);
 * - the internal API, a separate RestApi whose every method needs the platform API key. It is
 *   separate because routes belong to an API, not a stage: the public API must not serve
 *   `/internal/*` at all.
 */
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKey,
  ApiKeySourceType,
  AuthorizationType,
  Cors,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  Model,
  JsonSchemaType,
  Period,
  RequestValidator,
  RestApi,
  UsagePlan,
  type IResource,
  type MethodOptions,
} from 'aws-cdk-lib/aws-apigateway';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ROUTES, type ApiName, type FunctionName, type RouteDefinition } from '../../lambdas/routes';
import type { AppConfig } from '../config';
import { API_KEY_GATEWAY_RESPONSES, COMMON_GATEWAY_RESPONSES, GatewayResponses } from '../constructs/gateway-responses';
import { SupabaseAuthorizer } from '../constructs/supabase-authorizer';
import { IntelloFunction } from '../lambda-function';
import { acknowledge, API_ACKNOWLEDGEMENTS } from '../nag';
import { dataApiEnvironment, type DataApiTarget } from './data-stack';

export interface ApiStackProps extends StackProps {
  config: AppConfig;
  data: DataApiTarget;
  /** The SSM parameter the auth stack publishes the authorizer's ARN under. */
  authorizerArnParameterName: string;
  /** The SSM path where the APIs that use the authorizer register their stages. */
  authorizerConsumersPath: string;
}

/** Stage name of the internal API. */
export const INTERNAL_STAGE = 'internal';

export class ApiStack extends Stack {
  readonly publicApi: RestApi;
  readonly internalApi: RestApi;
  readonly functions = new Map<FunctionName, IntelloFunction>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const corsAllowOrigin = config.corsAllowedOrigins.length === 1 ? config.corsAllowedOrigins[0] : undefined;

    const platformKeySecret = new Secret(this, 'PlatformApiKey', {
      description:
        'The platform API key for /internal/* (x-api-key); API Gateway and the internal functions both check it',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    for (const name of new Set(ROUTES.map((r) => r.function))) {
      const internal = ROUTES.some((r) => r.function === name && r.api === 'internal');
      // A function whose routes are all anonymous (`/health`) gets no database access at all: a
      // code-execution bug there cannot reach a row, and no caller can wake the cluster through it.
      const usesDatabase = ROUTES.some((r) => r.function === name && r.auth !== 'none');
      const fn = new IntelloFunction(this, pascal(name), {
        name,
        description: `Intello ${name} routes`,
        environment: {
          ...(usesDatabase ? dataApiEnvironment(props.data) : {}),
          POWERTOOLS_SERVICE_NAME: `intello-${name}`,
          POWERTOOLS_LOG_LEVEL: 'INFO',
          ...(config.corsAllowedOrigins.length ? { CORS_ALLOWED_ORIGINS: config.corsAllowedOrigins.join(',') } : {}),
          ...(config.authClockSkewSeconds !== undefined
            ? { AUTH_CLOCK_SKEW_SECONDS: String(config.authClockSkewSeconds) }
            : {}),
          ...(name === 'org-api-keys' ? { ORG_API_KEYS: String(config.orgApiKeys) } : {}),
          ...(name === 'org-api-keys' && config.orgApiKeys
            ? { AUTHORIZER_CONSUMERS_PATH: props.authorizerConsumersPath }
            : {}),
          ...(internal
            ? {
                PLATFORM_API_KEY_SECRET_ARN: platformKeySecret.secretArn,
                PLATFORM_API_KEY_PREVIOUS_VERSION_GRACE_MINUTES: String(config.platformKeyPreviousVersionGraceMinutes),
              }
            : {}),
        },
        // API Gateway waits 29 s: long enough to ride out an Aurora resume (the Data API client
        // retries for 25 s), short enough that the function, not the gateway, answers the 503.
        timeout: Duration.seconds(28),
        logRetention: config.logRetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
        // The deep health check compares schema_migrations with the migrations this release ships.
        ...(name === 'internal-health' ? { assetFolders: ['migrations'] } : {}),
      });
      if (usesDatabase) props.data.grantDataApiAccess(fn);
      if (internal) platformKeySecret.grantRead(fn);
      if (name === 'org-api-keys' && config.orgApiKeys)
        this.grantAuthorizerCacheFlush(fn, props.authorizerConsumersPath);
      this.functions.set(name, fn);
    }

    this.publicApi = this.restApi('PublicApi', 'public', config, config.stageName, {
      throttlingRateLimit: config.throttleRateLimit,
      throttlingBurstLimit: config.throttleBurstLimit,
    });
    const authorizer = new SupabaseAuthorizer(this, 'SupabaseAuthorizer', {
      restApi: this.publicApi,
      functionArnParameterName: props.authorizerArnParameterName,
      resultsCacheTtl: Duration.seconds(config.authorizerCacheTtlSeconds),
      corsAllowOrigin,
      consumersPath: props.authorizerConsumersPath,
    }).authorizer;
    this.addRoutes(this.publicApi, 'public', (route) =>
      route.auth === 'none'
        ? { authorizationType: AuthorizationType.NONE }
        : { authorizer, authorizationType: AuthorizationType.CUSTOM },
    );

    this.internalApi = this.restApi('InternalApi', 'internal', config, INTERNAL_STAGE, {
      throttlingRateLimit: config.internalThrottleRateLimit,
      throttlingBurstLimit: config.internalThrottleBurstLimit,
    });
    new GatewayResponses(this, 'InternalResponses', {
      restApi: this.internalApi,
      responses: [...API_KEY_GATEWAY_RESPONSES, ...COMMON_GATEWAY_RESPONSES],
    });
    this.addRoutes(this.internalApi, 'internal', () => ({
      apiKeyRequired: true,
      authorizationType: AuthorizationType.NONE,
    }));
    const plan = new UsagePlan(this, 'InternalUsagePlan', {
      name: `intello-${config.stageName}-internal`,
      description: 'Platform integrations on the internal API only',
      apiStages: [{ api: this.internalApi, stage: this.internalApi.deploymentStage }],
      throttle: { rateLimit: config.internalThrottleRateLimit, burstLimit: config.internalThrottleBurstLimit },
      quota: { limit: config.internalQuotaPerDay, period: Period.DAY },
    });
    // CloudFormation re-resolves a dynamic reference only when the reference itself changes:
    // after a rotation, naming the new VersionId is what makes a deploy give API Gateway the new value.
    const keyValue = config.platformKeyVersionId
      ? SecretValue.secretsManager(platformKeySecret.secretArn, { versionId: config.platformKeyVersionId })
      : platformKeySecret.secretValue;
    const key = new ApiKey(this, 'PlatformKey', {
      description: 'Platform integrations; the value lives in the PlatformApiKey secret',
      value: keyValue.unsafeUnwrap(),
    });
    plan.addApiKey(key);
    new CfnOutput(this, 'PlatformApiKeySecretArn', {
      value: platformKeySecret.secretArn,
      description: 'Secret holding the x-api-key of the internal API',
    });

    acknowledge(this, API_ACKNOWLEDGEMENTS);
    const cloudWatchRole = this.publicApi.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      acknowledge(cloudWatchRole, [
        {
          id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
          reason:
            'API Gateway execution logging requires this account-level service role and AWS publishes no narrower policy for it.',
        },
      ]);
    }
    acknowledge(this.internalApi, [
      {
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason:
          'Internal methods are authorized by the platform API key, checked by API Gateway and again, in constant time, by each function.',
      },
    ]);
    acknowledge(platformKeySecret, [
      {
        id: 'AwsSolutions::AwsSolutions-SMG4',
        reason:
          'The platform key is rotated by the documented procedure (new value, then a deploy that updates the API key), not by a rotation Lambda.',
      },
    ]);
  }

  /**
   * What revoking a key needs to flush the authorizer caches: read the consumer registry (the
   * path's parameters, not its sub-paths) and `FlushStageAuthorizersCache` on any stage. The
   * consuming APIs are other stacks' (and other teams'), deployed later, so their ids cannot be
   * named here: the grant is that one action on the `cache/authorizers` sub-resource only.
   */
  private grantAuthorizerCacheFlush(fn: IntelloFunction, consumersPath: string): void {
    const stack = Stack.of(this);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ssm:GetParametersByPath'],
        resources: [
          stack.formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: consumersPath.replace(/^\//, ''),
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['apigateway:DELETE'],
        resources: [`arn:${stack.partition}:apigateway:${stack.region}::/restapis/*/stages/*/cache/authorizers`],
      }),
    );
    // The statement lands in the role's default policy; the role is the function's sibling.
    acknowledge(fn.role!, [
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/restapis/*/stages/*/cache/authorizers]',
        reason:
          'Revoking an org API key flushes the authorizer cache of every API that reuses the authorizer; those APIs live in other stacks deployed later, so only the cache/authorizers sub-resource and the DELETE action are granted.',
      },
    ]);
  }

  private restApi(
    id: string,
    api: ApiName,
    config: AppConfig,
    stageName: string,
    throttle: { throttlingRateLimit: number; throttlingBurstLimit: number },
  ): RestApi {
    const accessLogs = new LogGroup(this, `${id}AccessLogs`, {
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const restApi = new RestApi(this, id, {
      restApiName: `intello-${config.stageName}-${api}`,
      description:
        api === 'public' ? 'Intello public API (Supabase bearer tokens)' : 'Intello internal platform API (x-api-key)',
      apiKeySourceType: api === 'internal' ? ApiKeySourceType.HEADER : undefined,
      // Execution logging needs the account-level CloudWatch role; one API of the app owns it.
      ...(api === 'public'
        ? { cloudWatchRole: true, cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN }
        : { cloudWatchRole: false }),
      deployOptions: {
        stageName,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        ...throttle,
      },
      ...(api === 'public' && config.corsAllowedOrigins.length
        ? {
            defaultCorsPreflightOptions: {
              allowOrigins: config.corsAllowedOrigins,
              allowHeaders: ['Authorization', 'Content-Type'],
              allowMethods: Cors.ALL_METHODS,
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    return restApi;
  }

  private addRoutes(restApi: RestApi, api: ApiName, auth: (route: RouteDefinition) => MethodOptions): void {
    const validator = new RequestValidator(this, `${restApi.node.id}Validator`, {
      restApi,
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const objectBody = new Model(this, `${restApi.node.id}JsonObject`, {
      restApi,
      contentType: 'application/json',
      description: 'Any JSON object; the function validates fields strictly',
      schema: { type: JsonSchemaType.OBJECT },
    });
    for (const route of ROUTES.filter((r) => r.api === api)) {
      const fn = this.functions.get(route.function);
      if (!fn) throw new Error(`no function ${route.function} for ${route.method} ${route.path}`);
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const method = resourceFor(restApi.root, route.path).addMethod(route.method, new LambdaIntegration(fn), {
        ...auth(route),
        operationName: route.operation,
        requestValidator: validator,
        requestParameters: Object.fromEntries(params.map((p) => [`method.request.path.${p}`, true])),
        ...(route.body ? { requestModels: { 'application/json': objectBody } } : {}),
      });
      if (route.auth === 'none') {
        acknowledge(method, [
          {
            id: 'AwsSolutions::AwsSolutions-APIG4',
            reason: `${route.method} ${route.path} is public by design (auth: 'none' in the route table).`,
          },
        ]);
      }
    }
  }
}

/** The resource for a path, creating the missing parts. */
function resourceFor(root: IResource, path: string): IResource {
  return path
    .split('/')
    .filter(Boolean)
    .reduce<IResource>((parent, part) => parent.getResource(part) ?? parent.addResource(part), root);
}

function pascal(name: string): string {
  return `${name.replace(/(^|-)(\w)/g, (_m, _dash, c: string) => c.toUpperCase())}Function`;
}
