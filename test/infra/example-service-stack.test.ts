import { Match, Template } from 'aws-cdk-lib/assertions';
import { synthApp } from './synth-app';

describe('the example service', () => {
  const { exampleService } = synthApp();
  const template = Template.fromStack(exampleService);

  it('attaches the shared authorizer found through SSM, with the invoke permission CDK only adds for sameEnvironment imports', () => {
    const params = template.toJSON().Parameters as Record<string, { Type: string; Default: string }>;
    const ssm = Object.entries(params).find(([, p]) => p.Default === '/intello/prod/authorizer/function-arn');
    expect(ssm?.[1].Type).toBe('AWS::SSM::Parameter::Value<String>');
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      AuthorizerUri: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ Ref: ssm?.[0] }])] }),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: ssm?.[0] },
      Principal: 'apigateway.amazonaws.com',
    });
  });

  it('installs the same 401 and 503 gateway responses as the Intello API', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'ACCESS_DENIED',
      StatusCode: '401',
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'AUTHORIZER_FAILURE',
      StatusCode: '503',
    });
  });

  it('serves GET /orders from a Lambda proxy integration, never a mock that would trust a cached Allow past exp', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
    const methods = Object.values(resources).filter(
      (r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.HttpMethod === 'GET',
    );
    expect(methods).toHaveLength(1);
    expect(methods[0]!.Properties).toMatchObject({ AuthorizationType: 'CUSTOM', Integration: { Type: 'AWS_PROXY' } });
    const target = /"Fn::GetAtt":\["(\w+)","Arn"\]/.exec(JSON.stringify(methods[0]!.Properties.Integration.Uri))?.[1];
    expect(resources[target ?? '']).toMatchObject({
      Type: 'AWS::Lambda::Function',
      Properties: { Runtime: 'nodejs24.x', Description: expect.stringContaining('re-checking the token expiry') },
    });
  });
});
