/**
 * What every part of one RestApi's model is built with: the resolution context, the API's id,
 * the warnings collected on the way, and the lookups that find the API's own resources and the
 * Lambda functions they invoke.
 */
import type { CloudAssembly, StackTemplate } from './cloud-assembly';
import { UnresolvableError } from './cfn-template';
import type { ResolutionContext } from './intrinsics';
import type { LambdaTarget } from './model';

/** One resource of a template, where it was found. */
export interface Found {
  stack: StackTemplate;
  logicalId: string;
  props: Record<string, unknown>;
}

export interface ApiScope {
  ctx: ResolutionContext;
  apiId: string;
  warnings: string[];
  /** Every resource of `type` in the assembly. */
  all(type: string): Found[];
  /** The resources of `type` whose `idKey` property names this API. */
  mine(type: string, idKey?: string): Found[];
  /** `value` resolved to a string; undefined (with a warning) when it cannot be known locally. */
  str(found: Found, value: unknown): string | undefined;
  /** The function a Lambda invocation URI names; undefined (with a warning) when it names none. */
  target(found: Found, uri: unknown): LambdaTarget | undefined;
}

export function createApiScope(
  assembly: CloudAssembly,
  ctx: ResolutionContext,
  api: Found,
  all: (type: string) => Found[],
): ApiScope {
  const warnings: string[] = [];
  const apiId = ctx.physicalId(api.stack, api.logicalId);
  const str = (found: Found, value: unknown): string | undefined => {
    try {
      return value === undefined ? undefined : ctx.resolveString(found.stack, value);
    } catch (error) {
      if (!(error instanceof UnresolvableError)) throw error;
      warnings.push(`${found.stack.stackName}/${found.logicalId}: ${error.message}`);
      return undefined;
    }
  };
  return {
    ctx,
    apiId,
    warnings,
    all,
    str,
    mine: (type, idKey = 'RestApiId') => all(type).filter((found) => str(found, found.props[idKey]) === apiId),
    target: (found, uri) =>
      lambdaTarget(assembly, str(found, uri), `${found.stack.stackName}/${found.logicalId}`, warnings),
  };
}

function lambdaTarget(
  assembly: CloudAssembly,
  uri: string | undefined,
  where: string,
  warnings: string[],
): LambdaTarget | undefined {
  if (uri === undefined) return undefined;
  const functionArn = /:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(uri)?.[1];
  const functionName = functionArn?.split(':function:')[1]?.split(':')[0];
  if (functionArn === undefined || functionName === undefined) {
    warnings.push(`${where}: ${uri} is not a Lambda invocation URI`);
    return undefined;
  }
  const definition = assembly.functions.find((fn) => fn.functionName === functionName);
  if (definition === undefined)
    warnings.push(`${where}: function ${functionArn} is not defined in the assembly; calls to it fail`);
  return { functionArn, functionName, definition };
}
