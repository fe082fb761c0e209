/**
 * Attaches the shared Supabase token authorizer to any REST API, in this app or in another
 * service's: give it the function, or the SSM parameter name under which the auth stack
 * publishes the function's ARN. It also installs the gateway responses that turn the
 * authorizer's outcomes into the JSON envelope (401 `unauthorized`/`token_expired`, 503), and
 * registers the API's stage under the authorizer's consumer path, so revoking an org API key
 * flushes this stage's authorizer cache too (`lambdas/shared/aws/authorizer-cache-flush.ts`).
 */
import { Duration } from 'aws-cdk-lib';
import { IdentitySource, TokenAuthorizer, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { AUTHORIZER_GATEWAY_RESPONSES, COMMON_GATEWAY_RESPONSES, GatewayResponses } from './gateway-responses';

/**
 * Anchored so junk never invokes (or bills) the Lambda: API Gateway answers 401 itself. It admits
 * a JWT's shape or an org API key's (`intello_sk_` + 49 base62 characters) whether or not the
 * deployment has keys on: with keys off, the authorizer refuses a key like any malformed token.
 */
export const BEARER_JWT_REGEX =
  '^Bearer ([-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+|intello_sk_[0-9A-Za-z]{49})$';

/** Where the auth stack publishes the authorizer function's ARN for a stage. */
export function authorizerArnParameterName(stageName: string): string {
  return `/intello/${stageName}/authorizer/function-arn`;
}

/**
 * The SSM path under which every API stage that uses a stage's authorizer is registered, one
 * parameter per API: `<path>/<restApiId>` = `<restApiId>/<stageName>`. The function that revokes
 * org API keys reads it and flushes each stage's authorizer cache.
 */
export function authorizerConsumersPath(stageName: string): string {
  return `/intello/${stageName}/authorizer/consumers`;
}

export interface SupabaseAuthorizerProps {
  restApi: RestApi;
  /** The authorizer function, when it is defined in the same app. */
  handler?: IFunction;
  /** Otherwise the SSM parameter that holds its ARN (see {@link authorizerArnParameterName}). */
  functionArnParameterName?: string;
  /** API Gateway's policy cache per token; default 300 s, 0 disables. */
  resultsCacheTtl?: Duration;
  /** `Access-Control-Allow-Origin` on the error responses. */
  corsAllowOrigin?: string | undefined;
  /**
   * Where this API's stage is registered for the cache flush on key revocation (see
   * {@link authorizerConsumersPath}). Required: an unregistered stage keeps a revoked key's
   * cached Allow for the whole TTL.
   */
  consumersPath: string;
}

/**
 * A `TokenAuthorizer` for the shared Supabase authorizer function, plus its gateway responses.
 *
 * @example
 * const auth = new SupabaseAuthorizer(this, 'Auth', {
 *   restApi: api,
 *   functionArnParameterName: authorizerArnParameterName('prod'),
 *   consumersPath: authorizerConsumersPath('prod'),
 * });
 * api.root.addResource('orders').addMethod('GET', integration, { authorizer: auth.authorizer });
 */
export class SupabaseAuthorizer extends Construct {
  readonly authorizer: TokenAuthorizer;

  constructor(scope: Construct, id: string, props: SupabaseAuthorizerProps) {
    super(scope, id);
    const handler = props.handler ?? this.importHandler(props.functionArnParameterName);
    this.authorizer = new TokenAuthorizer(this, 'TokenAuthorizer', {
      handler,
      identitySource: IdentitySource.header('Authorization'),
      validationRegex: BEARER_JWT_REGEX,
      resultsCacheTtl: props.resultsCacheTtl ?? Duration.seconds(300),
    });
    new GatewayResponses(this, 'Responses', {
      restApi: props.restApi,
      responses: [...AUTHORIZER_GATEWAY_RESPONSES, ...COMMON_GATEWAY_RESPONSES],
      corsAllowOrigin: props.corsAllowOrigin,
    });
    const { restApiId } = props.restApi;
    new StringParameter(this, 'ConsumerRegistration', {
      parameterName: `${props.consumersPath}/${restApiId}`,
      stringValue: `${restApiId}/${props.restApi.deploymentStage.stageName}`,
      description: 'A stage that uses the shared authorizer: its cache is flushed when an org API key is revoked',
      tier: ParameterTier.STANDARD,
      simpleName: false,
    });
  }

  private importHandler(parameterName: string | undefined): IFunction {
    if (!parameterName) throw new Error('SupabaseAuthorizer needs either handler or functionArnParameterName');
    // sameEnvironment: true, or CDK silently adds no invoke permission and every call is a 500.
    return LambdaFunction.fromFunctionAttributes(this, 'Handler', {
      functionArn: StringParameter.valueForStringParameter(this, parameterName),
      sameEnvironment: true,
    });
  }
}
