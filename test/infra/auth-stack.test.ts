import { Match, Template } from 'aws-cdk-lib/assertions';
import { loadAppConfig } from '../../lib/config';
import { authorizerEnvironment } from '../../lib/stacks/auth-stack';
import { synthApp, EXAMPLE_SUPABASE_URL } from './synth-app';

describe('the auth stack', () => {
  const { auth } = synthApp();
  const template = Template.fromStack(auth);

  it('runs the authorizer on nodejs24.x, arm64, with the Supabase project as its only required setting', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: { Variables: { SUPABASE_URL: EXAMPLE_SUPABASE_URL } },
    });
  });

  it('publishes the authorizer ARN in SSM for other services', () => {
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/intello/prod/authorizer/function-arn',
      Type: 'String',
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Authorizer'), 'Arn'] },
    });
  });

  it('passes issuer, audience and skew overrides from context to the authorizer, and nothing when unset', () => {
    const custom = loadAppConfig({
      tryGetContext: (key: string) =>
        ({
          supabaseUrl: EXAMPLE_SUPABASE_URL,
          authJwtIssuer: 'https://auth.example.com/auth/v1',
          authJwtAudience: 'api',
          authClockSkewSeconds: '10',
        })[key],
    });
    expect(authorizerEnvironment(custom)).toEqual({
      SUPABASE_URL: EXAMPLE_SUPABASE_URL,
      AUTH_JWT_ISSUER: 'https://auth.example.com/auth/v1',
      AUTH_JWT_AUDIENCE: 'api',
      AUTH_CLOCK_SKEW_SECONDS: '10',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectEquals({ SUPABASE_URL: EXAMPLE_SUPABASE_URL }) },
    });
  });

  it('lets the authorizer write only to its own log group', () => {
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthorizerLogs'), 'Arn'] },
          },
        ],
      },
    });
    const roles = template.findResources('AWS::IAM::Role');
    for (const role of Object.values(roles)) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('the auth stack with org API keys', () => {
  it('gives the authorizer no database access while orgApiKeys is off (the default)', () => {
    const template = Template.fromStack(synthApp().auth);
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('rds-data:');
    expect(policies).not.toContain('secretsmanager:');
  });

  it('gives the authorizer its own read-only role secret and rds-data on the cluster when orgApiKeys is on', () => {
    const { auth, data } = synthApp({ orgApiKeys: 'true' });
    const template = Template.fromStack(auth);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ORG_API_KEYS: 'true',
          DATA_API_DATABASE: data.database,
          DATA_API_SECRET_ARN: Match.anyValue(),
          DATA_API_RESOURCE_ARN: Match.anyValue(),
        }),
      },
    });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('rds-data:ExecuteStatement');
    expect(policies).toContain('secretsmanager:GetSecretValue');
    // The authorizer role's secret, never the application's or the master's.
    expect(policies).toMatch(/AuthorizerRole/);
    expect(policies).not.toMatch(/AppRole/);
  });
});
