/** API Gateway TOKEN authorizer events for tests. */
import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';

/** A method ARN of a REST API `abc123def4`, stage `prod`, route `GET /specs/42`. */
export const TEST_METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod/GET/specs/42';

/**
 * The event API Gateway sends for `Authorization: {authorizationToken}`.
 *
 * @example
 * await handler(tokenEvent(`Bearer ${token}`));
 */
export function tokenEvent(
  authorizationToken: string,
  methodArn: string = TEST_METHOD_ARN,
): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken, methodArn };
}
