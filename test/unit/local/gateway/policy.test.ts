import { evaluatePolicy, MalformedPolicyError, matchesWildcard } from '../../../../local/gateway/policy';

const arn = (rest: string) => `arn:aws:execute-api:us-east-1:000000000000:${rest}`;
const request = arn('abc123/prod/GET/api/specs/42');
const allow = (Resource: unknown, Action: unknown = 'execute-api:Invoke') => ({ Effect: 'Allow', Action, Resource });
const deny = (Resource: unknown, Action: unknown = 'execute-api:Invoke') => ({ Effect: 'Deny', Action, Resource });
const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

describe('evaluatePolicy', () => {
  it('allows the exact method ARN', () => {
    expect(evaluatePolicy(policy(allow(request)), request)).toBe('allow');
  });

  it('allows a stage-wide wildcard and a `*/*` wildcard that spans slashes', () => {
    expect(evaluatePolicy(policy(allow(arn('abc123/prod/*'))), request)).toBe('allow');
    expect(evaluatePolicy(policy(allow(arn('abc123/prod/*/*'))), request)).toBe('allow');
    expect(evaluatePolicy(policy(allow('*')), request)).toBe('allow');
  });

  it('lets ? stand for exactly one character', () => {
    expect(evaluatePolicy(policy(allow(arn('abc123/prod/GET/api/specs/4?'))), request)).toBe('allow');
    expect(evaluatePolicy(policy(allow(arn('abc123/prod/GET/api/specs/?'))), request)).toBe('implicit-deny');
  });

  it('denies another API, another stage and another method', () => {
    expect(evaluatePolicy(policy(allow(arn('other99/prod/*'))), request)).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow(arn('abc123/dev/*'))), request)).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow(arn('abc123/prod/POST/*'))), request)).toBe('implicit-deny');
  });

  it('anchors patterns: a policy for one route does not cover a longer path or a prefix', () => {
    expect(evaluatePolicy(policy(allow(arn('abc123/prod/GET/api/specs'))), request)).toBe('implicit-deny');
    expect(
      evaluatePolicy(policy(allow(arn('abc123/prod/GET/api/specs/42'))), arn('abc123/prod/GET/api/specs/42/x')),
    ).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow('prod/GET')), request)).toBe('implicit-deny');
  });

  it('treats regex metacharacters in a policy literally', () => {
    expect(evaluatePolicy(policy(allow(arn('abc123/prod/GET/api/specs/4.'))), request)).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow(arn('abc123/prod/GET/api/(specs|x)/42'))), request)).toBe('implicit-deny');
  });

  it('compares resources case-sensitively', () => {
    expect(evaluatePolicy(policy(allow(arn('abc123/prod/get/api/specs/42'))), request)).toBe('implicit-deny');
  });

  it('lets an explicit Deny win over any Allow, in either order', () => {
    expect(evaluatePolicy(policy(allow('*'), deny(request)), request)).toBe('explicit-deny');
    expect(evaluatePolicy(policy(deny(arn('abc123/prod/GET/*')), allow(request)), request)).toBe('explicit-deny');
  });

  it('ignores a Deny that does not match this request', () => {
    expect(evaluatePolicy(policy(allow(arn('abc123/prod/*')), deny(arn('abc123/prod/DELETE/*'))), request)).toBe(
      'allow',
    );
  });

  it('denies when nothing matches or there are no statements', () => {
    expect(evaluatePolicy(policy(), request)).toBe('implicit-deny');
  });

  it('matches the action too: execute-api:*, *, case-insensitively, but not another service', () => {
    expect(evaluatePolicy(policy(allow(request, 'execute-api:*')), request)).toBe('allow');
    expect(evaluatePolicy(policy(allow(request, '*')), request)).toBe('allow');
    expect(evaluatePolicy(policy(allow(request, 'EXECUTE-API:invoke')), request)).toBe('allow');
    expect(evaluatePolicy(policy(allow(request, 's3:GetObject')), request)).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow(request, 'execute-api:ManageConnections')), request)).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow('*'), deny('*', 's3:*')), request)).toBe('allow');
  });

  it('accepts a single statement object and lists of actions and resources', () => {
    expect(
      evaluatePolicy({ Statement: allow([arn('x/prod/*'), request], ['s3:*', 'execute-api:Invoke']) }, request),
    ).toBe('allow');
  });

  it('honours NotResource and NotAction', () => {
    expect(
      evaluatePolicy(
        { Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', NotResource: arn('abc123/prod/DELETE/*') }] },
        request,
      ),
    ).toBe('allow');
    expect(
      evaluatePolicy({ Statement: [{ Effect: 'Allow', NotAction: 'execute-api:Invoke', Resource: '*' }] }, request),
    ).toBe('implicit-deny');
  });

  it('never allows through a statement with a Condition, but still denies through one', () => {
    expect(
      evaluatePolicy(policy({ ...allow('*'), Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }), request),
    ).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow('*'), { ...deny('*'), Condition: { Bool: { x: 'true' } } }), request)).toBe(
      'explicit-deny',
    );
  });

  it('rejects malformed documents', () => {
    expect(() => evaluatePolicy(undefined, request)).toThrow(MalformedPolicyError);
    expect(() => evaluatePolicy({ Version: '2012-10-17' }, request)).toThrow('Statement is missing');
    expect(() => evaluatePolicy(policy({ Effect: 'Maybe', Action: '*', Resource: '*' }), request)).toThrow(
      'Effect must be Allow or Deny',
    );
    expect(() => evaluatePolicy(policy({ Effect: 'Allow', Resource: '*' }), request)).toThrow('has no Action');
    expect(() => evaluatePolicy(policy({ Effect: 'Allow', Action: '*', Resource: [1] }), request)).toThrow(
      'must be a string or a list of strings',
    );
  });
});

describe('matchesWildcard', () => {
  it('lets * match the empty string', () => {
    expect(matchesWildcard('abc*', 'abc')).toBe(true);
  });
});
