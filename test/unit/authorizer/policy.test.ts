import { apiWildcardArn, authorizerResult } from '../../../lambdas/authorizer/policy';

/**
 * IAM resource matching as API Gateway evaluates a cached policy: `*` any run of characters
 * (slashes and nothing included), `?` one character, case-sensitive, whole string.
 */
function iamMatches(pattern: string, resource: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${source}$`).test(resource);
}

/** The decision of a policy for a request: an explicit Deny wins, then an Allow, else deny. */
function evaluate(result: ReturnType<typeof authorizerResult>, methodArn: string): 'Allow' | 'Deny' {
  const matching = result.policyDocument.Statement.filter(
    (s) =>
      'Resource' in s &&
      'Action' in s &&
      [s.Resource].flat().some((r) => r !== undefined && iamMatches(r, methodArn)) &&
      [s.Action].flat().some((a) => a !== undefined && iamMatches(a, 'execute-api:Invoke')),
  );
  if (matching.some((s) => s.Effect === 'Deny')) return 'Deny';
  return matching.some((s) => s.Effect === 'Allow') ? 'Allow' : 'Deny';
}

const API = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4';
const FIRST_CALL = `${API}/prod/GET/specs/42`;

describe('apiWildcardArn', () => {
  it('covers the calling API and stage with wildcards', () => {
    expect(apiWildcardArn(FIRST_CALL)).toBe(`${API}/prod/*/*`);
    expect(apiWildcardArn('arn:aws-cn:execute-api:cn-north-1:123456789012:xyz/v1/POST/')).toBe(
      'arn:aws-cn:execute-api:cn-north-1:123456789012:xyz/v1/*/*',
    );
  });

  it('throws on something that is not a method ARN', () => {
    expect(() => apiWildcardArn('arn:aws:lambda:eu-west-1:123456789012:function:x')).toThrow(
      'methodArn is not an execute-api method ARN',
    );
    expect(() => apiWildcardArn(`${API}/prod`)).toThrow('methodArn is not an execute-api method ARN');
  });
});

describe('a cached authorizer result', () => {
  const allow = authorizerResult('Allow', 'user', apiWildcardArn(FIRST_CALL), {});
  const deny = authorizerResult('Deny', 'anonymous', apiWildcardArn(FIRST_CALL), {
    code: 'unauthorized',
    message: 'm',
  });

  it('is one execute-api:Invoke statement', () => {
    expect(allow.policyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${API}/prod/*/*` }],
    });
  });

  it.each([
    `${API}/prod/GET/specs/42`,
    `${API}/prod/GET/`,
    `${API}/prod/POST/specs`,
    `${API}/prod/DELETE/orgs/7/members/9`,
    `${API}/prod/PUT/specs/42/versions/3/diff`,
    `${API}/prod/OPTIONS/auth/sync`,
  ])('allows every route of the API: %s', (methodArn) => {
    expect(evaluate(allow, methodArn)).toBe('Allow');
    expect(evaluate(deny, methodArn)).toBe('Deny');
  });

  it.each([
    ['another API', 'arn:aws:execute-api:eu-west-1:123456789012:other99999/prod/GET/specs/42'],
    ['another stage', `${API}/staging/GET/specs/42`],
    ['another account', 'arn:aws:execute-api:eu-west-1:210987654321:abc123def4/prod/GET/specs/42'],
    ['another region', 'arn:aws:execute-api:us-east-1:123456789012:abc123def4/prod/GET/specs/42'],
    ['an API whose id extends this one', 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4x/prod/GET/specs/42'],
  ])('allows nothing on %s', (_name, methodArn) => {
    expect(evaluate(allow, methodArn)).toBe('Deny');
  });

  it('would deny the caller every other route if scoped to the first method ARN (the pitfall it avoids)', () => {
    const scoped = authorizerResult('Allow', 'user', FIRST_CALL, {});
    expect(evaluate(scoped, `${API}/prod/GET/specs/43`)).toBe('Deny');
  });
});
