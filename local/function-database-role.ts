/**
 * Which database role a synthesized function reaches the database as: the role whose secret
 * its template's `DATA_API_SECRET_ARN` names, followed through the cross-stack reference
 * (`Fn::GetStackOutput` or `Fn::ImportValue`, an output, `Ref`) and the secret attachment to the secret's
 * `username`. The local stack then hands the function that role's local secret
 * (`local/data-api/secret-roles.ts`): the API functions `intello_app`, the authorizer with keys
 * on `intello_authorizer`, each as the CDK app grants on AWS.
 */
import { DATABASE_ROLES, type DatabaseRole } from '../lambdas/shared/data-api/database-roles';
import type { AssemblyFunction, CloudAssembly, StackTemplate } from './gateway/cloud-assembly';

type Target = { stack: StackTemplate; value: unknown };

function step(assembly: CloudAssembly, { stack, value }: Target): Target | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const node = value as {
    Ref?: unknown;
    'Fn::GetStackOutput'?: { StackName?: string; OutputName?: string };
    'Fn::ImportValue'?: unknown;
  };
  if (typeof node.Ref === 'string') {
    const resource = stack.template.Resources?.[node.Ref];
    if (resource?.Type === 'AWS::SecretsManager::SecretTargetAttachment')
      return { stack, value: resource.Properties?.['SecretId'] };
    return undefined;
  }
  const output = node['Fn::GetStackOutput'];
  if (output) {
    const source = assembly.stacks.find((s) => s.stackName === output.StackName);
    const found = source?.template.Outputs?.[output.OutputName ?? ''] as { Value?: unknown } | undefined;
    return source && found ? { stack: source, value: found.Value } : undefined;
  }
  const exportName = node['Fn::ImportValue'];
  if (typeof exportName === 'string') {
    for (const source of assembly.stacks) {
      for (const candidate of Object.values(source.template.Outputs ?? {}) as Array<{
        Value?: unknown;
        Export?: { Name?: unknown };
      }>) {
        if (candidate.Export?.Name === exportName) return { stack: source, value: candidate.Value };
      }
    }
  }
  return undefined;
}

function roleOfSecret({ stack, value }: Target): DatabaseRole | undefined {
  const ref = (value as { Ref?: unknown } | null)?.Ref;
  if (typeof ref !== 'string') return undefined;
  const resource = stack.template.Resources?.[ref];
  if (resource?.Type !== 'AWS::SecretsManager::Secret') return undefined;
  const generate = resource.Properties?.['GenerateSecretString'] as { SecretStringTemplate?: string } | undefined;
  try {
    const username = (JSON.parse(generate?.SecretStringTemplate ?? '{}') as { username?: unknown }).username;
    return DATABASE_ROLES.find((role) => role === username);
  } catch {
    return undefined;
  }
}

/**
 * The least-privilege role `fn`'s template gives it, or `undefined` (no database, or the master).
 *
 * @example
 * databaseRoleOf(assembly, authorizer); // 'intello_authorizer' with orgApiKeys on
 */
export function databaseRoleOf(assembly: CloudAssembly, fn: AssemblyFunction): DatabaseRole | undefined {
  const stack = assembly.stacks.find((s) => s.stackName === fn.stackName);
  const variables = (
    stack?.template.Resources?.[fn.logicalId]?.Properties?.['Environment'] as
      | { Variables?: Record<string, unknown> }
      | undefined
  )?.Variables;
  if (!stack || variables?.['DATA_API_SECRET_ARN'] === undefined) return undefined;
  let target: Target | undefined = { stack, value: variables['DATA_API_SECRET_ARN'] };
  for (let hops = 0; target && hops < 5; hops += 1) {
    const role = roleOfSecret(target);
    if (role) return role;
    target = step(assembly, target);
  }
  return undefined;
}
