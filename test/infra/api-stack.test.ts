import { Match, Template } from 'aws-cdk-lib/assertions';
import { ROUTES } from '../../lambdas/routes';
import { synthApp } from './synth-app';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

describe('the API stack', () => {
  const { api } = synthApp({ corsAllowedOrigins: 'https://app.intello.dev' });
  const template = Template.fromStack(api);
  const resources = template.toJSON().Resources as Resources;
  const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) =>
    api.getLogicalId(construct.node.defaultChild as never);
  const publicApiId = logicalIdOf(api.publicApi);
  const internalApiId = logicalIdOf(api.internalApi);

  /** Full resource path of an AWS::ApiGateway::Resource, walking ParentId refs. */
  const pathOf = (id: string): string => {
    const res = resources[id];
    if (res?.Type !== 'AWS::ApiGateway::Resource') return '';
    const parent = res.Properties.ParentId;
    const parentPath = parent.Ref ? pathOf(parent.Ref) : '';
    return `${parentPath}/${res.Properties.PathPart}`;
  };
  const methods = Object.values(resources)
    .filter((r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.HttpMethod !== 'OPTIONS')
    .map((m) => ({
      api: m.Properties.RestApiId.Ref as string,
      verb: m.Properties.HttpMethod as string,
      path: m.Properties.ResourceId.Ref ? pathOf(m.Properties.ResourceId.Ref) : '/',
      props: m.Properties,
    }));

  it('serves every route of the route table on its API, and nothing else', () => {
    const served = methods.map((m) => `${m.api === publicApiId ? 'public' : 'internal'} ${m.verb} ${m.path}`).sort();
    expect(served).toEqual(ROUTES.map((r) => `${r.api} ${r.method} ${r.path}`).sort());
  });

  it('has no public method under /internal', () => {
    expect(methods.filter((m) => m.api === publicApiId && m.path.startsWith('/internal'))).toEqual([]);
    expect(
      Object.values(resources).filter(
        (r) =>
          r.Type === 'AWS::ApiGateway::Resource' &&
          r.Properties.RestApiId.Ref === publicApiId &&
          r.Properties.PathPart === 'internal',
      ),
    ).toEqual([]);
  });

  it('requires the API key on every internal method', () => {
    const internal = methods.filter((m) => m.api === internalApiId);
    expect(internal.length).toBe(ROUTES.filter((r) => r.api === 'internal').length);
    for (const m of internal) expect(m.props).toMatchObject({ ApiKeyRequired: true, AuthorizationType: 'NONE' });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'intello-prod-internal',
      ApiKeySourceType: 'HEADER',
    });
  });

  it('puts every public route but /health behind the token authorizer', () => {
    for (const m of methods.filter((x) => x.api === publicApiId)) {
      const route = ROUTES.find((r) => r.api === 'public' && r.method === m.verb && r.path === m.path);
      if (route?.auth === 'none') expect(m.props.AuthorizationType).toBe('NONE');
      else
        expect(m.props).toMatchObject({
          AuthorizationType: 'CUSTOM',
          AuthorizerId: { Ref: expect.stringMatching(/TokenAuthorizer/) },
        });
    }
  });

  it('configures the token authorizer with the Authorization header, an anchored Bearer regex and the cache TTL', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      IdentityValidationExpression:
        '^Bearer ([-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+|intello_sk_[0-9A-Za-z]{49})$',
      AuthorizerResultTtlInSeconds: 300,
      RestApiId: { Ref: publicApiId },
    });
    const zeroTtl = synthApp({ authorizerCacheTtlSeconds: 0 });
    Template.fromStack(zeroTtl.api).hasResourceProperties('AWS::ApiGateway::Authorizer', {
      AuthorizerResultTtlInSeconds: 0,
    });
  });

  it('imports the authorizer function from the SSM parameter and may invoke it only from this authorizer', () => {
    const params = template.toJSON().Parameters as Record<string, { Type: string; Default: string }>;
    expect(Object.values(params)).toContainEqual({
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: '/intello/prod/authorizer/function-arn',
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/authorizers/')])] },
    });
  });

  it.each([
    ['UNAUTHORIZED', '401', 'unauthorized'],
    ['ACCESS_DENIED', '401', '$context.authorizer.code'],
    ['AUTHORIZER_FAILURE', '503', 'service_unavailable'],
    ['AUTHORIZER_CONFIGURATION_ERROR', '503', 'service_unavailable'],
    ['THROTTLED', '429', 'rate_limited'],
  ])('answers %s with %s and the envelope code %s on the public API', (type, status, code) => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: type,
      RestApiId: { Ref: publicApiId },
      StatusCode: status,
      ResponseTemplates: {
        'application/json': Match.stringLikeRegexp(`^\\{"error":\\{"code":"${code.replace(/\$/g, '\\$')}","message":`),
      },
      ResponseParameters: Match.objectLike({
        'gatewayresponse.header.Content-Type': "'application/json'",
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.intello.dev'",
        'gatewayresponse.header.Content-Security-Policy': "'default-src 'none'; frame-ancestors 'none''",
        'gatewayresponse.header.X-Frame-Options': "'DENY'",
        'gatewayresponse.header.Referrer-Policy': "'no-referrer'",
      }),
    });
  });

  it('takes the Deny message from the authorizer context', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'ACCESS_DENIED',
      ResponseTemplates: {
        'application/json':
          '{"error":{"code":"$context.authorizer.code","message":"$context.authorizer.message","requestId":"$context.requestId"}}',
      },
    });
  });

  it("keeps API Gateway's own status on the DEFAULT_4XX and DEFAULT_5XX envelopes", () => {
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        RestApiId: { Ref: publicApiId },
        StatusCode: Match.absent(),
      });
    }
  });

  it('answers a missing or invalid API key with 403 forbidden on the internal API', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'INVALID_API_KEY',
      RestApiId: { Ref: internalApiId },
      StatusCode: '403',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"code":"forbidden"') },
    });
  });

  it('binds the usage plan to the internal API stage only, with throttle and quota', () => {
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 1);
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      ApiStages: [
        {
          ApiId: { Ref: internalApiId },
          Stage: { Ref: Match.stringLikeRegexp('^InternalApiDeploymentStageinternal') },
        },
      ],
      Throttle: { RateLimit: 10, BurstLimit: 20 },
      Quota: { Limit: 100000, Period: 'DAY' },
    });
  });

  it('takes the API key value from the generated secret the internal functions read', () => {
    template.hasResourceProperties('AWS::ApiGateway::ApiKey', {
      Enabled: true,
      Value: {
        'Fn::Join': [
          '',
          ['{{resolve:secretsmanager:', { Ref: Match.stringLikeRegexp('^PlatformApiKey') }, ':SecretString:::}}'],
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          PLATFORM_API_KEY_SECRET_ARN: { Ref: Match.stringLikeRegexp('^PlatformApiKey') },
          PLATFORM_API_KEY_PREVIOUS_VERSION_GRACE_MINUTES: '60',
        }),
      },
    });
  });

  it('reads the API key value from a named secret version when a rotation names one, so the deploy re-resolves it', () => {
    const versionId = 'c6a1d4e2-5b7f-4c1e-9d3a-8f2b0e6a7c91';
    const rotated = Template.fromStack(synthApp({ platformKeyVersionId: versionId }).api);

    rotated.hasResourceProperties('AWS::ApiGateway::ApiKey', {
      Value: {
        'Fn::Join': [
          '',
          [
            '{{resolve:secretsmanager:',
            { Ref: Match.stringLikeRegexp('^PlatformApiKey') },
            `:SecretString:::${versionId}}}`,
          ],
        ],
      },
    });
  });

  it('logs both stages as JSON access logs with execution logging at ERROR', () => {
    for (const stage of ['prod', 'internal']) {
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        StageName: stage,
        AccessLogSetting: {
          DestinationArn: Match.anyValue(),
          Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
        },
        MethodSettings: [
          Match.objectLike({ LoggingLevel: 'ERROR', DataTraceEnabled: false, HttpMethod: '*', ResourcePath: '/*' }),
        ],
      });
    }
  });

  it('serves the deep health check on the internal API from its own function, never from the anonymous /health one', () => {
    const functionOf = (api: string, path: string): string => {
      const method = methods.find((m) => m.api === api && m.verb === 'GET' && m.path === path);
      return /"Fn::GetAtt":\["(\w+)","Arn"\]/.exec(JSON.stringify(method?.props.Integration.Uri))?.[1] ?? '';
    };
    const publicHealth = functionOf(publicApiId, '/health');
    const deepHealth = functionOf(internalApiId, '/internal/health');
    expect(publicHealth).toMatch(/^Health/);
    expect(deepHealth).toMatch(/^InternalHealth/);
    expect(resources[deepHealth]?.Properties.Environment.Variables).toHaveProperty('PLATFORM_API_KEY_SECRET_ARN');
    expect(resources[publicHealth]?.Properties.Environment.Variables).not.toHaveProperty('PLATFORM_API_KEY_SECRET_ARN');
  });

  it('runs every business function on nodejs24.x outside the VPC', () => {
    const functions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBe(new Set(ROUTES.map((r) => r.function)).size);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 28 });
      expect(fn.Properties.VpcConfig).toBeUndefined();
    }
  });

  it('grants each function the Data API on the one cluster and the one secret, nothing wider', () => {
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    for (const s of statements) expect(JSON.stringify(s.Resource)).not.toBe('"*"');
    const dataApi = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('rds-data:')));
    expect(dataApi.length).toBe(new Set(ROUTES.filter((r) => r.auth !== 'none').map((r) => r.function)).size);
    for (const s of dataApi) expect(JSON.stringify(s.Resource)).toMatch(/ClusterArn|Cluster/);
  });

  it('validates request bodies and path parameters at the gateway', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
      RestApiId: { Ref: publicApiId },
    });
    const withParam = methods.find((m) => m.path === '/api/specs/{specId}' && m.verb === 'GET');
    expect(withParam?.props.RequestParameters).toEqual({ 'method.request.path.specId': true });
  });
});
