/** The API's `AWS::ApiGateway::Authorizer`s, by physical id. */
import type { AuthorizerModel } from './model';
import type { ApiScope } from './model-scope';

export function authorizersOf(scope: ApiScope): Record<string, AuthorizerModel> {
  const { ctx, str } = scope;
  const authorizers: Record<string, AuthorizerModel> = {};
  for (const found of scope.mine('AWS::ApiGateway::Authorizer')) {
    const id = ctx.physicalId(found.stack, found.logicalId);
    const identitySource = String(found.props['IdentitySource'] ?? '');
    const ttl = found.props['AuthorizerResultTtlInSeconds'];
    authorizers[id] = {
      id,
      logicalId: found.logicalId,
      name: str(found, found.props['Name']) ?? found.logicalId,
      type: String(found.props['Type']) as AuthorizerModel['type'],
      identitySource,
      identityHeader: /^method\.request\.header\.(.+)$/.exec(identitySource)?.[1],
      validationRegex: str(found, found.props['IdentityValidationExpression']),
      ttlSeconds: ttl === undefined ? 300 : Number(ttl),
      target:
        found.props['AuthorizerUri'] === undefined ? undefined : scope.target(found, found.props['AuthorizerUri']),
    };
  }
  return authorizers;
}
