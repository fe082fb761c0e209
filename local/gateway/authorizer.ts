/**
 * The TOKEN authorizer as API Gateway runs it, step by step:
 * 1. the identity header is missing or empty → 401 UNAUTHORIZED, no invocation;
 * 2. it fails the validation regex (matched against the whole value) → 401, no invocation;
 * 3. a cached output for this token (per authorizer, for the TTL) is reused, Deny included;
 * 4. otherwise the function is invoked with `{ type: 'TOKEN', authorizationToken, methodArn }`;
 *    an error with the message exactly `Unauthorized` → 401; any other error, a malformed output,
 *    a non-scalar context value or a function that cannot be invoked → 500
 *    AUTHORIZER_CONFIGURATION_ERROR; a timeout or crash (no answer at all) → 500
 *    AUTHORIZER_FAILURE. None of these are cached;
 * 5. the policy is evaluated against this request's method ARN: a matching Deny → 403
 *    ACCESS_DENIED "…with an explicit deny", no matching Allow → 403 ACCESS_DENIED, Allow → the
 *    backend sees `{ principalId, ...context }` with every value stringified.
 */
import type { InvokeResult } from '../lambda/runtime';
import type { AuthorizerCache } from './authorizer-cache';
import type { GatewayResponseType } from './gateway-responses';
import type { AuthorizerModel } from './model';
import { evaluatePolicy, MalformedPolicyError, parseStatements } from './policy';

/** A validated authorizer output, context already stringified. */
export interface AuthorizerOutput {
  principalId: string;
  policyDocument: unknown;
  context: Record<string, string>;
  usageIdentifierKey: string | undefined;
}

export type AuthorizationOutcome =
  | {
      kind: 'allow';
      authorizer: Record<string, string>;
      usageIdentifierKey: string | undefined;
      invoked: boolean;
      latencyMs: number;
    }
  | {
      kind: 'reject';
      responseType: GatewayResponseType;
      message?: string | null;
      authorizer?: Record<string, string>;
      invoked: boolean;
      reason: string;
    };

/** Thrown for an output API Gateway would refuse (a 500 on AWS). */
export class MalformedAuthorizerOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedAuthorizerOutputError';
  }
}

export interface AuthorizeInput {
  authorizer: AuthorizerModel;
  /** Request headers, any case. */
  headers: Record<string, string>;
  methodArn: string;
  cache: AuthorizerCache<AuthorizerOutput>;
  invoke: (functionName: string, event: unknown) => Promise<InvokeResult>;
  /** Whether the runtime can run this function. */
  canInvoke: (functionName: string) => boolean;
}

const DENY_MESSAGE = 'User is not authorized to access this resource';

/**
 * Authorizes one request with a TOKEN authorizer.
 *
 * @example
 * const outcome = await authorizeToken({ authorizer, headers: { Authorization: 'Bearer x' }, methodArn, cache, invoke, canInvoke });
 * if (outcome.kind === 'reject') renderGatewayResponse({ kind: outcome.responseType, ... });
 */
export async function authorizeToken(input: AuthorizeInput): Promise<AuthorizationOutcome> {
  const { authorizer } = input;
  if (authorizer.type !== 'TOKEN' || authorizer.identityHeader === undefined) {
    return reject(
      'AUTHORIZER_CONFIGURATION_ERROR',
      false,
      `${authorizer.type} authorizers with identity source ${authorizer.identitySource} are not emulated`,
    );
  }
  const wanted = authorizer.identityHeader.toLowerCase();
  const token = Object.entries(input.headers).find(([name]) => name.toLowerCase() === wanted)?.[1];
  if (token === undefined || token === '')
    return reject('UNAUTHORIZED', false, `identity header ${authorizer.identityHeader} is missing`);
  if (authorizer.validationRegex !== undefined && !fullMatch(authorizer.validationRegex, token)) {
    return reject('UNAUTHORIZED', false, 'identity header fails the validation expression');
  }

  let output = input.cache.get(authorizer.id, token);
  const invoked = output === undefined;
  let latencyMs = 0;
  if (output === undefined) {
    const target = authorizer.target;
    if (target === undefined || !input.canInvoke(target.functionName)) {
      return reject(
        'AUTHORIZER_CONFIGURATION_ERROR',
        true,
        `authorizer function ${target?.functionArn ?? '(unresolved)'} cannot be invoked locally`,
      );
    }
    // Real elapsed time, whatever clock the cache runs on.
    const started = performance.now();
    const result = await input.invoke(target.functionName, {
      type: 'TOKEN',
      authorizationToken: token,
      methodArn: input.methodArn,
    });
    latencyMs = Math.round(performance.now() - started);
    if (!result.ok) {
      if (result.kind === 'function-error' && result.errorMessage === 'Unauthorized')
        return reject('UNAUTHORIZED', true, 'the authorizer answered Unauthorized');
      const type =
        result.kind === 'timeout' || result.kind === 'crash' ? 'AUTHORIZER_FAILURE' : 'AUTHORIZER_CONFIGURATION_ERROR';
      return reject(type, true, `authorizer ${result.kind}: ${result.errorType}: ${result.errorMessage}`);
    }
    try {
      output = parseAuthorizerOutput(result.payload);
    } catch (error) {
      if (!(error instanceof MalformedAuthorizerOutputError)) throw error;
      return reject('AUTHORIZER_CONFIGURATION_ERROR', true, error.message);
    }
    input.cache.set(authorizer.id, token, output, authorizer.ttlSeconds);
  }

  const values = { principalId: output.principalId, ...output.context };
  const decision = evaluatePolicy(output.policyDocument, input.methodArn);
  if (decision === 'explicit-deny')
    return {
      ...reject('ACCESS_DENIED', invoked, 'explicit deny', `${DENY_MESSAGE} with an explicit deny`),
      authorizer: values,
    };
  if (decision === 'implicit-deny')
    return { ...reject('ACCESS_DENIED', invoked, 'no Allow matches', DENY_MESSAGE), authorizer: values };
  return { kind: 'allow', authorizer: values, usageIdentifierKey: output.usageIdentifierKey, invoked, latencyMs };
}

/**
 * Validates an authorizer's output as API Gateway does and stringifies its context values.
 *
 * @example
 * parseAuthorizerOutput({ principalId: 'u1', policyDocument, context: { exp: 1700000000, admin: false } }).context;
 * // { exp: '1700000000', admin: 'false' }
 */
export function parseAuthorizerOutput(payload: unknown): AuthorizerOutput {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw new MalformedAuthorizerOutputError('the output is not an object');
  const raw = payload as Record<string, unknown>;
  if (typeof raw['principalId'] !== 'string' && typeof raw['principalId'] !== 'number')
    throw new MalformedAuthorizerOutputError('principalId is missing');
  try {
    parseStatements(raw['policyDocument']);
  } catch (error) {
    if (error instanceof MalformedPolicyError)
      throw new MalformedAuthorizerOutputError(`invalid policyDocument: ${error.message}`);
    throw error;
  }
  const context: Record<string, string> = {};
  const rawContext = raw['context'];
  if (rawContext !== undefined && rawContext !== null) {
    if (typeof rawContext !== 'object' || Array.isArray(rawContext))
      throw new MalformedAuthorizerOutputError('context must be an object');
    for (const [key, value] of Object.entries(rawContext)) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new MalformedAuthorizerOutputError(`context.${key} must be a string, number or boolean`);
      }
      context[key] = String(value);
    }
  }
  const key = raw['usageIdentifierKey'];
  return {
    principalId: String(raw['principalId']),
    policyDocument: raw['policyDocument'],
    context,
    usageIdentifierKey: typeof key === 'string' ? key : undefined,
  };
}

function fullMatch(expression: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${expression})$`).test(value);
  } catch {
    return false;
  }
}

function reject(
  responseType: GatewayResponseType,
  invoked: boolean,
  reason: string,
  message?: string | null,
): AuthorizationOutcome & { kind: 'reject' } {
  return { kind: 'reject', responseType, invoked, reason, ...(message === undefined ? {} : { message }) };
}
