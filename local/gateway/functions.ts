/**
 * Turns the assembly's Lambda functions into definitions the local runtime can run, with the
 * template's environment and the caller's local overrides (endpoints of the emulators).
 */
import type { LocalFunctionDefinition } from '../lambda/runtime';
import type { AssemblyFunction, CloudAssembly } from './cloud-assembly';

export interface LocalFunctionOptions {
  /** Variables to set or replace, for every function or per function. */
  environment?: Record<string, string> | ((fn: AssemblyFunction) => Record<string, string>);
}

/**
 * Runnable definitions for every Node.js function with a bundled asset.
 *
 * @example
 * const lambdas = createLambdaRuntime(localFunctionDefinitions(assembly, { environment: { SUPABASE_URL: 'http://127.0.0.1:54321' } }));
 */
export function localFunctionDefinitions(
  assembly: CloudAssembly,
  options: LocalFunctionOptions = {},
): LocalFunctionDefinition[] {
  return assembly.functions
    .filter(
      (fn): fn is AssemblyFunction & { assetDir: string } =>
        fn.assetDir !== undefined && fn.runtime.startsWith('nodejs'),
    )
    .map((fn) => {
      const overrides =
        typeof options.environment === 'function' ? options.environment(fn) : (options.environment ?? {});
      return {
        name: fn.functionName,
        arn: fn.arn,
        assetDir: fn.assetDir,
        handler: fn.handler,
        timeoutSeconds: fn.timeoutSeconds,
        memoryMb: fn.memoryMb,
        environment: { ...fn.environment, ...overrides },
      };
    });
}
