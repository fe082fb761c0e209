import { type CfnTemplate, type StackTemplate, UnresolvableError } from '../../../../local/gateway/cfn-template';
import { ResolutionContext } from '../../../../local/gateway/intrinsics';

const stack = (id: string, template: CfnTemplate): StackTemplate => ({
  id,
  stackName: id,
  templateFile: `${id}.template.json`,
  template,
  assets: {},
});

const producer = stack('Producer', {
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'producer-fn' } },
    Param: {
      Type: 'AWS::SSM::Parameter',
      Properties: { Name: '/shared/fn-arn', Value: { 'Fn::GetAtt': ['Fn', 'Arn'] } },
    },
    Loop: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/shared/loop', Value: '{{resolve:ssm:/shared/loop}}' } },
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'platform/key' } },
  },
  Outputs: {
    FnArn: { Value: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-FnArn' } } },
  },
});

const consumer = stack('Consumer', {
  Parameters: {
    FnArnParam: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/shared/fn-arn' },
    Missing: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/nowhere' },
    Plain: { Type: 'String', Default: 'plain-default' },
  },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Plain' }, 'prod'] } },
  Mappings: { Sizes: { small: { memory: 128 } } },
  Resources: {
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: {} },
    Local: { Type: 'AWS::Lambda::Function', Properties: {} },
  },
});

const ctx = new ResolutionContext([producer, consumer], { region: 'us-east-1', accountId: '000000000000' });
const resolve = (value: unknown) => ctx.resolve(consumer, value);

describe('ResolutionContext', () => {
  it('resolves pseudo parameters to the local region and account', () => {
    expect(
      resolve({
        'Fn::Join': [
          ':',
          [{ Ref: 'AWS::Partition' }, { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::URLSuffix' }],
        ],
      }),
    ).toBe('aws:us-east-1:000000000000:amazonaws.com');
  });

  it('gives functions their name as Ref and an ARN as GetAtt, with a stack-derived name when none is set', () => {
    expect(resolve({ Ref: 'Local' })).toBe('Consumer-Local');
    expect(resolve({ 'Fn::GetAtt': ['Local', 'Arn'] })).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:Consumer-Local',
    );
    expect(resolve({ 'Fn::GetAtt': 'Local.Arn' })).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:Consumer-Local',
    );
  });

  it('gives a RestApi a stable ten-character id and a distinct root resource id', () => {
    const id = resolve({ Ref: 'Api' });
    expect(id).toMatch(/^[a-z0-9]{10}$/);
    expect(
      new ResolutionContext([producer, consumer], { region: 'us-east-1', accountId: '000000000000' }).resolve(
        consumer,
        { Ref: 'Api' },
      ),
    ).toBe(id);
    expect(resolve({ 'Fn::GetAtt': ['Api', 'RootResourceId'] })).not.toBe(id);
  });

  it('resolves an SSM-typed parameter from the AWS::SSM::Parameter another stack defines', () => {
    expect(resolve({ Ref: 'FnArnParam' })).toBe('arn:aws:lambda:us-east-1:000000000000:function:producer-fn');
  });

  it('lets supplied SSM values win over the assembly', () => {
    const overridden = new ResolutionContext([producer, consumer], {
      region: 'us-east-1',
      accountId: '000000000000',
      ssmParameters: { '/shared/fn-arn': 'given' },
    });
    expect(overridden.resolve(consumer, { Ref: 'FnArnParam' })).toBe('given');
  });

  it('refuses an SSM parameter no stack defines, and a circular one', () => {
    expect(() => resolve({ Ref: 'Missing' })).toThrow(UnresolvableError);
    expect(() => resolve({ Ref: 'Missing' })).toThrow('SSM parameter /nowhere is defined by no stack of the assembly');
    expect(() => resolve('{{resolve:ssm:/shared/loop}}')).toThrow('circular reference');
  });

  it('follows the Select/Split chain CDK writes to take an ARN apart', () => {
    expect(resolve({ 'Fn::Select': [3, { 'Fn::Split': [':', { Ref: 'FnArnParam' }] }] })).toBe('us-east-1');
    expect(() => resolve({ 'Fn::Select': [9, { 'Fn::Split': [':', 'a:b'] }] })).toThrow('out of range');
  });

  it('imports values by export name', () => {
    expect(resolve({ 'Fn::ImportValue': 'Producer-FnArn' })).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:producer-fn',
    );
    expect(() => resolve({ 'Fn::ImportValue': 'Nope' })).toThrow('no stack exports Nope');
  });

  it('substitutes variables, references, attributes and escapes in Fn::Sub', () => {
    expect(
      resolve({ 'Fn::Sub': ['${Plain}/${Name}/${Local.Arn}/${!Literal}/${AWS::Region}', { Name: { Ref: 'Local' } }] }),
    ).toBe(
      'plain-default/Consumer-Local/arn:aws:lambda:us-east-1:000000000000:function:Consumer-Local/${Literal}/us-east-1',
    );
  });

  it('evaluates conditions, mappings and drops AWS::NoValue', () => {
    expect(resolve({ 'Fn::If': ['IsProd', 'big', 'small'] })).toBe('small');
    expect(resolve({ 'Fn::FindInMap': ['Sizes', 'small', 'memory'] })).toBe(128);
    expect(resolve({ A: 1, B: { Ref: 'AWS::NoValue' }, C: [1, { Ref: 'AWS::NoValue' }] })).toEqual({ A: 1, C: [1] });
  });

  it('resolves a secretsmanager dynamic reference assembled by a join, by secret name or logical id', () => {
    const reference = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Secret' }, ':SecretString:::}}']] };
    const byName = new ResolutionContext([producer], {
      region: 'us-east-1',
      accountId: '000000000000',
      secrets: { 'platform/key': 'value-1' },
    });
    const byLogicalId = new ResolutionContext([producer], {
      region: 'us-east-1',
      accountId: '000000000000',
      secrets: { Secret: 'value-2' },
    });
    expect(byName.resolve(producer, reference)).toBe('value-1');
    expect(byLogicalId.resolve(producer, reference)).toBe('value-2');
  });

  it('extracts a JSON key of a secret and leaves an unknown secret reference as it is', () => {
    const withJson = new ResolutionContext([producer], {
      region: 'us-east-1',
      accountId: '000000000000',
      secrets: { 'platform/key': '{"apiKey":"k-123"}' },
    });
    expect(withJson.resolve(producer, '{{resolve:secretsmanager:platform/key:SecretString:apiKey::}}')).toBe('k-123');
    expect(ctx.resolve(producer, '{{resolve:secretsmanager:other:SecretString:::}}')).toBe(
      '{{resolve:secretsmanager:other:SecretString:::}}',
    );
  });

  it('refuses an intrinsic it does not know', () => {
    expect(() => resolve({ 'Fn::Transform': {} })).toThrow('unsupported intrinsic Fn::Transform');
  });
});
