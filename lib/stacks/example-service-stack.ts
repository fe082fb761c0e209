/**
 * A minimal second service that reuses the shared authorizer the way a customer's own stack
 * would: it knows only the SSM parameter name, not the auth stack. Its backend is a Lambda that
 * re-checks the token's `exp` (`lambdas/example-orders/`): API Gateway serves a cached Allow for
 * up to the TTL after the token expired, so an integration that trusts the Allow alone (a mock,
 * an HTTP proxy) would answer expired tokens. It does not re-check org API keys (it has no
 * database): a revoked key stops here because the revocation flushes this stage's authorizer
 * cache, registered under the authorizer's consumer path.
 */
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestValidator,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { acknowledge, API_ACKNOWLEDGEMENTS } from '../nag';
import type { Construct } from 'constructs';
import { SupabaseAuthorizer } from '../constructs/supabase-authorizer';
import { IntelloFunction } from '../lambda-function';

export interface ExampleServiceStackProps extends StackProps {
  authorizerArnParameterName: string;
  /** Where this API's stage is registered so key revocations flush its authorizer cache. */
  authorizerConsumersPath: string;
  stageName: string;
}

export class ExampleServiceStack extends Stack {
  readonly api: RestApi;

  constructor(scope: Construct, id: string, props: ExampleServiceStackProps) {
    super(scope, id, props);
    this.api = new RestApi(this, 'OrdersApi', {
      restApiName: `intello-${props.stageName}-example-orders`,
      description: 'Example service: reuses the Intello Supabase authorizer',
      deployOptions: {
        stageName: props.stageName,
        accessLogDestination: new LogGroupLogDestination(
          new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH }),
        ),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
      },
      // The Intello API stack owns the account-level CloudWatch role for execution logs.
      cloudWatchRole: false,
    });
    const validator = new RequestValidator(this, 'Validator', {
      restApi: this.api,
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const { authorizer } = new SupabaseAuthorizer(this, 'Auth', {
      restApi: this.api,
      functionArnParameterName: props.authorizerArnParameterName,
      consumersPath: props.authorizerConsumersPath,
      resultsCacheTtl: Duration.seconds(300),
    });
    // The backend re-checks exp with the leeway the authorizer uses (AUTH_CLOCK_SKEW_SECONDS, default 30).
    const ordersFunction = new IntelloFunction(this, 'OrdersFunction', {
      name: 'example-orders',
      description: 'Example service: GET /orders, re-checking the token expiry under a cached Allow',
      timeout: Duration.seconds(5),
      logRetention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api.root.addResource('orders').addMethod('GET', new LambdaIntegration(ordersFunction), {
      authorizer,
      authorizationType: AuthorizationType.CUSTOM,
      requestValidator: validator,
    });
    acknowledge(this, API_ACKNOWLEDGEMENTS);
  }
}
