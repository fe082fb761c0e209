/**
 * A minimal second service that reuses the shared authorizer the way a customer's own stack
 * would: it knows only the SSM parameter name, not the auth stack.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  LogGroupLogDestination,
  MethodLoggingLevel,
  MockIntegration,
  PassthroughBehavior,
  RequestValidator,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { acknowledge, API_ACKNOWLEDGEMENTS } from '../nag';
import type { Construct } from 'constructs';
import { SupabaseAuthorizer } from '../constructs/supabase-authorizer';

export interface ExampleServiceStackProps extends StackProps {
  authorizerArnParameterName: string;
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
      resultsCacheTtl: Duration.seconds(300),
    });
    const orders = new MockIntegration({
      passthroughBehavior: PassthroughBehavior.NEVER,
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [
        {
          statusCode: '200',
          responseTemplates: { 'application/json': '{"orders":[],"caller":"$context.authorizer.principalId"}' },
        },
      ],
    });
    this.api.root.addResource('orders').addMethod('GET', orders, {
      authorizer,
      authorizationType: AuthorizationType.CUSTOM,
      methodResponses: [{ statusCode: '200' }],
      requestValidator: validator,
    });
    acknowledge(this, API_ACKNOWLEDGEMENTS);
  }
}
