/**
 * Revoking an org API key flushes the authorizer cache of every stage that uses the authorizer:
 * each API that attaches `SupabaseAuthorizer` registers its stage in SSM, and the function that
 * revokes keys may read that registry and flush, nothing more.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { synthApp } from './synth-app';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

function resourcesOf(stack: Stack): Resources {
  return Template.fromStack(stack).toJSON().Resources as Resources;
}

function registrations(stack: Stack) {
  return Object.values(resourcesOf(stack)).filter(
    (r) =>
      r.Type === 'AWS::SSM::Parameter' &&
      JSON.stringify(r.Properties.Name).includes('/intello/prod/authorizer/consumers/'),
  );
}

function restApiLogicalId(stack: Stack, name: string): string {
  const [id] = Object.entries(resourcesOf(stack)).find(
    ([, r]) => r.Type === 'AWS::ApiGateway::RestApi' && r.Properties.Name === name,
  )!;
  return id;
}

function statementsOf(stack: Stack, functionName: string) {
  const resources = resourcesOf(stack);
  const [fnId] = Object.entries(resources).find(
    ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === `Intello ${functionName} routes`,
  )!;
  const roleId = resources[fnId]!.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
}

describe('the authorizer cache flush on key revocation', () => {
  const on = synthApp({ orgApiKeys: 'true' });
  const off = synthApp();

  it('registers the public API stage as <restApiId>/<stageName> under the consumer path', () => {
    const apiId = restApiLogicalId(on.api, 'intello-prod-public');
    const [registration, ...others] = registrations(on.api);
    expect(others).toHaveLength(0);
    expect(registration!.Properties).toMatchObject({
      Type: 'String',
      Name: { 'Fn::Join': ['', ['/intello/prod/authorizer/consumers/', { Ref: apiId }]] },
      Value: {
        'Fn::Join': ['', [{ Ref: apiId }, '/', { Ref: expect.stringMatching(/^PublicApiDeploymentStageprod/) }]],
      },
    });
  });

  it('registers the example service stage too, the way any service reusing the authorizer is registered', () => {
    const apiId = restApiLogicalId(on.exampleService, 'intello-prod-example-orders');
    const [registration, ...others] = registrations(on.exampleService);
    expect(others).toHaveLength(0);
    expect(registration!.Properties.Name).toEqual({
      'Fn::Join': ['', ['/intello/prod/authorizer/consumers/', { Ref: apiId }]],
    });
  });

  it('registers the stages with keys off as well, so turning keys on later needs no redeploy of the services', () => {
    expect(registrations(off.api)).toHaveLength(1);
    expect(registrations(off.exampleService)).toHaveLength(1);
  });

  it('tells the org-api-keys function where the registry is when keys are on', () => {
    Template.fromStack(on.api).hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Intello org-api-keys routes',
      Environment: {
        Variables: Match.objectLike({
          ORG_API_KEYS: 'true',
          AUTHORIZER_CONSUMERS_PATH: '/intello/prod/authorizer/consumers',
        }),
      },
    });
  });

  it('grants the org-api-keys function GetParametersByPath on the registry path and DELETE on authorizer caches only', () => {
    const statements = statementsOf(on.api, 'org-api-keys');
    const ssm = statements.filter((s) => JSON.stringify(s.Action).includes('ssm:'));
    expect(ssm).toEqual([
      {
        Action: 'ssm:GetParametersByPath',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ssm:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':parameter/intello/prod/authorizer/consumers',
            ],
          ],
        },
      },
    ]);
    const apigateway = statements.filter((s) => JSON.stringify(s.Action).includes('apigateway:'));
    expect(apigateway).toEqual([
      {
        Action: 'apigateway:DELETE',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':apigateway:',
              { Ref: 'AWS::Region' },
              '::/restapis/*/stages/*/cache/authorizers',
            ],
          ],
        },
      },
    ]);
  });

  it('gives no function the flush or the registry with keys off, and no other function ever', () => {
    const offPolicies = JSON.stringify(Template.fromStack(off.api).findResources('AWS::IAM::Policy'));
    expect(offPolicies).not.toContain('apigateway:DELETE');
    expect(offPolicies).not.toContain('ssm:GetParametersByPath');
    const onPolicies = Object.values(Template.fromStack(on.api).findResources('AWS::IAM::Policy'));
    const holders = onPolicies.filter((p) => JSON.stringify(p).includes('apigateway:DELETE'));
    expect(holders).toHaveLength(1);
    expect(statementsOf(on.api, 'specs').some((s) => JSON.stringify(s.Action).includes('apigateway:'))).toBe(false);
  });
});
