/**
 * The authorizer's decision for one event: Allow with the identity as context, Deny with
 * `{ code, message }`, or a thrown error when no decision could be made. One log line per event.
 */
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { JsonLogger } from './logger';
import { apiWildcardArn, authorizerResult } from './policy';
import type { TokenVerifier } from './verify-token';

/** The principalId of a Deny whose subject is not proven by a valid signature. */
export const ANONYMOUS_PRINCIPAL = 'anonymous';

export interface AuthorizeDeps {
  verifyToken: TokenVerifier;
  logger: JsonLogger;
}

export type Authorize = (event: APIGatewayTokenAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

/** A log-safe excerpt of an attacker-chosen `kid`. */
const logKid = (kid: string | undefined): string | undefined => kid?.slice(0, 64);

/**
 * Builds the decision function the handler calls.
 *
 * @example
 * const authorize = createAuthorizer({ verifyToken, logger });
 * const result = await authorize({ type: 'TOKEN', authorizationToken: 'Bearer eyJ...', methodArn });
 */
export function createAuthorizer({ verifyToken, logger }: AuthorizeDeps): Authorize {
  return async function authorize(event) {
    const started = performance.now();
    const latencyMs = (): number => Math.round((performance.now() - started) * 100) / 100;
    try {
      const resource = apiWildcardArn(event.methodArn);
      const verdict = await verifyToken(event.authorizationToken);
      if (verdict.ok) {
        const { identity } = verdict;
        logger.info({ decision: 'allow', sub: identity.sub, kid: verdict.kid, latencyMs: latencyMs() });
        return authorizerResult('Allow', identity.sub, resource, { ...identity });
      }
      const { code, message, sub } = verdict;
      logger.info({ decision: 'deny', code, message, sub, kid: logKid(verdict.kid), latencyMs: latencyMs() });
      return authorizerResult('Deny', sub ?? ANONYMOUS_PRINCIPAL, resource, { code, message });
    } catch (error) {
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      logger.error({ decision: 'error', error: name, message: message.slice(0, 300), latencyMs: latencyMs() });
      // Never the message 'Unauthorized': that would be a 401 without context; this is a 5xx, not cached.
      throw new Error(`authorizer could not verify the token: ${name}`, { cause: error });
    }
  };
}
