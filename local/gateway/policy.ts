/**
 * IAM policy evaluation as API Gateway applies it to a Lambda authorizer's output: is
 * `execute-api:Invoke` on the request's method ARN allowed?
 *
 * IAM semantics, not a loose glob: `*` matches any run of characters (slashes and the empty
 * string included), `?` exactly one, everything else literally (no regex injection from a
 * policy), and the pattern must cover the whole ARN. Resources compare case-sensitively, actions
 * case-insensitively. A matching Deny wins over any Allow; without a matching Allow the answer is
 * deny. `NotAction`/`NotResource` are honoured. A statement with a `Condition` is never an
 * Allow (conditions are not evaluated locally) but still a Deny, so an unknown case fails closed.
 */

import { remembered } from '../../lambdas/shared/remembered';

/** The outcome of an evaluation. */
export type PolicyDecision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** Thrown for a policy document API Gateway could not use (a 500 on AWS). */
export class MalformedPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedPolicyError';
  }
}

/** A statement, normalized: every Action/Resource field a list. */
export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  hasCondition: boolean;
}

/**
 * Evaluates a policy document for one action on one resource.
 *
 * @example
 * evaluatePolicy(
 *   { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:abc/prod/*' }] },
 *   'arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/api/me',
 * ); // 'allow'
 */
export function evaluatePolicy(
  policyDocument: unknown,
  resourceArn: string,
  action = 'execute-api:Invoke',
): PolicyDecision {
  const statements = parseStatements(policyDocument);
  let allowed = false;
  for (const statement of statements) {
    if (!statementApplies(statement, action, resourceArn)) continue;
    if (statement.Effect === 'Deny') return 'explicit-deny';
    if (!statement.hasCondition) allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

/**
 * Whether an IAM wildcard pattern covers the whole value.
 *
 * @example
 * matchesWildcard('arn:*:GET/api/?e', 'arn:x:GET/api/me'); // true
 */
export function matchesWildcard(pattern: string, value: string, caseInsensitive = false): boolean {
  return wildcardRegExp(pattern, caseInsensitive).test(value);
}

/** Compiled patterns, keyed `i` or `s` (the case rule) then the pattern: a cached policy is evaluated again on every request it serves. */
const compiled = remembered((key) => {
  const source = key
    .slice(1)
    .split('')
    .map((ch) => (ch === '*' ? '[\\s\\S]*' : ch === '?' ? '[\\s\\S]' : ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, key[0] === 'i' ? 'i' : '');
}, 1000);

function wildcardRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  return compiled(`${caseInsensitive ? 'i' : 's'}${pattern}`);
}

/** Checks the document's shape and normalizes every statement; throws `MalformedPolicyError`. */
export function parseStatements(policyDocument: unknown): Statement[] {
  if (policyDocument === null || typeof policyDocument !== 'object' || Array.isArray(policyDocument)) {
    throw new MalformedPolicyError('policyDocument must be an object');
  }
  const raw = (policyDocument as { Statement?: unknown }).Statement;
  const list = Array.isArray(raw) ? raw : raw !== undefined && raw !== null ? [raw] : undefined;
  if (list === undefined) throw new MalformedPolicyError('policyDocument.Statement is missing');
  return list.map((item, index) => {
    if (item === null || typeof item !== 'object')
      throw new MalformedPolicyError(`Statement[${index}] must be an object`);
    const statement = item as Record<string, unknown>;
    const effect = statement['Effect'];
    if (effect !== 'Allow' && effect !== 'Deny')
      throw new MalformedPolicyError(`Statement[${index}].Effect must be Allow or Deny`);
    const parsed: Statement = { Effect: effect, hasCondition: statement['Condition'] !== undefined };
    for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
      if (statement[key] !== undefined) parsed[key] = stringList(statement[key], `Statement[${index}].${key}`);
    }
    if (parsed.Action === undefined && parsed.NotAction === undefined)
      throw new MalformedPolicyError(`Statement[${index}] has no Action`);
    if (parsed.Resource === undefined && parsed.NotResource === undefined)
      throw new MalformedPolicyError(`Statement[${index}] has no Resource`);
    return parsed;
  });
}

function stringList(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item): item is string => typeof item === 'string'))
    throw new MalformedPolicyError(`${where} must be a string or a list of strings`);
  return list;
}

function statementApplies(statement: Statement, action: string, resource: string): boolean {
  const actionMatches = statement.Action
    ? statement.Action.some((pattern) => matchesWildcard(pattern, action, true))
    : !statement.NotAction!.some((pattern) => matchesWildcard(pattern, action, true));
  if (!actionMatches) return false;
  return statement.Resource
    ? statement.Resource.some((pattern) => matchesWildcard(pattern, resource))
    : !statement.NotResource!.some((pattern) => matchesWildcard(pattern, resource));
}
