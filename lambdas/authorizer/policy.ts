/**
 * The IAM policy an API Gateway TOKEN authorizer returns. API Gateway caches the whole result
 * per token and re-evaluates it on every route, so the resource is the calling API and stage with
 * wildcards, never the one method: a policy for `GET /a` would deny the same token on `GET /b`
 * for the cache TTL.
 */
import type { APIGatewayAuthorizerResult } from 'aws-lambda';

const METHOD_ARN = /^arn:([^:]+):execute-api:([^:]+):([^:]+):([^/]+)\/([^/]+)\//;

/**
 * `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/*\/*` for the method ARN's API and stage.
 * Throws on anything else: API Gateway always sends a method ARN, so a bad one is a fault.
 *
 * @example
 * apiWildcardArn('arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/specs/1');
 * // 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*\/*'
 */
export function apiWildcardArn(methodArn: string): string {
  const match = METHOD_ARN.exec(methodArn);
  if (!match) throw new Error('methodArn is not an execute-api method ARN');
  const [, partition, region, account, apiId, stage] = match;
  return `arn:${partition}:execute-api:${region}:${account}:${apiId}/${stage}/*/*`;
}

/** Context values API Gateway accepts: flat strings, numbers and booleans only. */
export type FlatContext = Record<string, string | number | boolean>;

/**
 * One statement, `effect` on `execute-api:Invoke` for `resource`.
 *
 * @example
 * authorizerResult('Deny', 'anonymous', resource, { code: 'unauthorized', message: '...' });
 */
export function authorizerResult(
  effect: 'Allow' | 'Deny',
  principalId: string,
  resource: string,
  context: FlatContext,
): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    context,
  };
}
