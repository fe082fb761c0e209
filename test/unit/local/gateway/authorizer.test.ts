import { MalformedAuthorizerOutputError, parseAuthorizerOutput } from '../../../../local/gateway/authorizer';

const policyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
};

describe('parseAuthorizerOutput', () => {
  it('stringifies numbers and booleans in the context', () => {
    expect(
      parseAuthorizerOutput({
        principalId: 'u1',
        policyDocument,
        context: { exp: 1700000000, admin: false, name: 'Ada', ratio: 0.5 },
      }),
    ).toEqual({
      principalId: 'u1',
      policyDocument,
      context: { exp: '1700000000', admin: 'false', name: 'Ada', ratio: '0.5' },
      usageIdentifierKey: undefined,
    });
  });

  it('accepts a missing or null context and keeps a usage identifier key', () => {
    expect(
      parseAuthorizerOutput({ principalId: 'u1', policyDocument, context: null, usageIdentifierKey: 'k' }),
    ).toMatchObject({ context: {}, usageIdentifierKey: 'k' });
  });

  it.each([
    ['a non-object output', 'Allow', 'the output is not an object'],
    ['a missing principalId', { policyDocument }, 'principalId is missing'],
    ['a missing policy', { principalId: 'u1' }, 'invalid policyDocument: policyDocument must be an object'],
    [
      'a policy without statements',
      { principalId: 'u1', policyDocument: { Version: '2012-10-17' } },
      'invalid policyDocument: policyDocument.Statement is missing',
    ],
    [
      'an object context value',
      { principalId: 'u1', policyDocument, context: { org: { id: 1 } } },
      'context.org must be a string, number or boolean',
    ],
    [
      'an array context value',
      { principalId: 'u1', policyDocument, context: { roles: ['a'] } },
      'context.roles must be a string, number or boolean',
    ],
    [
      'a null context value',
      { principalId: 'u1', policyDocument, context: { org: null } },
      'context.org must be a string, number or boolean',
    ],
    ['a context that is a list', { principalId: 'u1', policyDocument, context: [] }, 'context must be an object'],
  ])('refuses %s', (_, payload, message) => {
    expect(() => parseAuthorizerOutput(payload)).toThrow(MalformedAuthorizerOutputError);
    expect(() => parseAuthorizerOutput(payload)).toThrow(message);
  });
});
