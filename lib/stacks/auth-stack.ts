/**
 * The authorizer function, configured for one Supabase project, and the SSM parameter under
 * which other services find it.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { AppConfig } from '../config';
import { authorizerArnParameterName, authorizerConsumersPath } from '../constructs/supabase-authorizer';
import { IntelloFunction } from '../lambda-function';
import { dataApiEnvironment, type DataApiTarget } from './data-stack';

export interface AuthStackProps extends StackProps {
  config: AppConfig;
  /**
   * The read-only `intello_authorizer` database role, given to the authorizer only when
   * `orgApiKeys` is on: it then reads `org_api_keys` (and nothing else) through the Data API.
   */
  apiKeyLookup?: DataApiTarget;
}

/** The authorizer's environment, from the app's configuration (unset overrides keep the product defaults). */
export function authorizerEnvironment(config: AppConfig): Record<string, string> {
  const env: Record<string, string> = { SUPABASE_URL: config.supabaseUrl };
  if (config.authJwtIssuer) env.AUTH_JWT_ISSUER = config.authJwtIssuer;
  if (config.authJwtAudience) env.AUTH_JWT_AUDIENCE = config.authJwtAudience;
  if (config.authClockSkewSeconds !== undefined) env.AUTH_CLOCK_SKEW_SECONDS = String(config.authClockSkewSeconds);
  if (config.authAllowAnonymous) env.AUTH_ALLOW_ANONYMOUS = 'true';
  return env;
}

export class AuthStack extends Stack {
  readonly authorizerFunction: IFunction;
  readonly functionArnParameterName: string;
  /** Where the APIs that use the authorizer register their stages (see `authorizerConsumersPath`). */
  readonly consumersPath: string;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    const { config } = props;
    const fn = new IntelloFunction(this, 'Authorizer', {
      name: 'authorizer',
      description: 'API Gateway token authorizer: verifies Supabase ES256 access tokens',
      environment: {
        ...authorizerEnvironment(config),
        ...(props.apiKeyLookup === undefined
          ? {}
          : { ORG_API_KEYS: 'true', ...dataApiEnvironment(props.apiKeyLookup) }),
      },
      memorySize: 1024,
      logRetention: config.logRetentionDays,
      removalPolicy: config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    props.apiKeyLookup?.grantDataApiAccess(fn);
    this.authorizerFunction = fn;
    this.functionArnParameterName = authorizerArnParameterName(config.stageName);
    this.consumersPath = authorizerConsumersPath(config.stageName);
    new StringParameter(this, 'AuthorizerFunctionArn', {
      parameterName: this.functionArnParameterName,
      stringValue: fn.functionArn,
      description: 'ARN of the shared Supabase token authorizer; services attach it with SupabaseAuthorizer',
    });
  }
}
