/**
 * CloudFormation dynamic references, `{{resolve:ssm:name}}` and
 * `{{resolve:secretsmanager:id:SecretString:key}}`. Locally a secret's value is whatever the
 * caller supplied, found by the whole reference, the secret's ARN or name, or the logical id of
 * the `AWS::SecretsManager::Secret` that defines it; an unknown secret is left as written.
 */
import type { StackTemplate } from './cfn-template';

/** What a reference is looked up in (a `ResolutionContext`). */
export interface ReferenceResolver {
  readonly stacks: StackTemplate[];
  readonly options: { secrets?: Record<string, string> };
  ssmParameter(name: string): string;
  physicalId(stack: StackTemplate, logicalId: string): string;
}

/** `value` with every dynamic reference in it replaced. */
export function replaceDynamicReferences(value: string, resolver: ReferenceResolver): string {
  if (!value.includes('{{resolve:')) return value;
  return value.replace(
    /\{\{resolve:(ssm|ssm-secure|secretsmanager):([^}]*)\}\}/g,
    (whole, service: string, body: string) => {
      if (service !== 'secretsmanager') return resolver.ssmParameter(body.replace(/:\d+$/, ''));
      return secretValue(whole, body, resolver) ?? whole;
    },
  );
}

function secretValue(whole: string, body: string, resolver: ReferenceResolver): string | undefined {
  const secrets = resolver.options.secrets ?? {};
  if (secrets[whole] !== undefined) return secrets[whole];
  // body: secret-id:SecretString:json-key:version-stage:version-id, where the id may be an ARN (with colons)
  const match = /^(arn:[^:]*:secretsmanager:[^:]*:[^:]*:secret:[^:]+|[^:]+)(?::SecretString:([^:]*))?/.exec(body);
  const secretId = match?.[1];
  if (secretId === undefined) return undefined;
  const raw = secretKeys(secretId, resolver)
    .map((key) => (key === undefined ? undefined : secrets[key]))
    .find((v) => v !== undefined);
  const jsonKey = match?.[2];
  if (raw === undefined || jsonKey === undefined || jsonKey === '') return raw;
  try {
    const field = (JSON.parse(raw) as Record<string, unknown>)[jsonKey];
    return field === undefined ? undefined : String(field);
  } catch {
    return undefined;
  }
}

/** The keys a secret's value may be supplied under, most specific first. */
function secretKeys(secretId: string, resolver: ReferenceResolver): (string | undefined)[] {
  const name = secretId.startsWith('arn:') ? secretId.split(':secret:')[1] : secretId;
  const candidates = [secretId, name, name?.replace(/-[A-Za-z0-9]{6}$/, '')];
  for (const stack of resolver.stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      // The logical id, and without CDK's 8-character hash suffix (the construct id, for a top-level construct).
      if (resource.Type === 'AWS::SecretsManager::Secret' && resolver.physicalId(stack, logicalId) === secretId)
        candidates.push(logicalId, logicalId.replace(/[0-9A-F]{8}$/, ''));
    }
  }
  return candidates;
}
