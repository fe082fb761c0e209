/**
 * How every Lambda is bundled, in one place: the CDK stacks (`NodejsFunction`), the benches and
 * the local stack all build with these options, so what is measured and run locally is what
 * ships.
 */
import type { BuildOptions } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Module substitutions in every Lambda bundle. The SDK's default credential chain is replaced by
 * the environment-only provider Lambda needs (see `lambdas/shared/aws/lambda-credentials.ts`):
 * about a third of each business bundle, never executed in Lambda. aws-jwt-verify's Node layer
 * (its private `#node-web-compat` import) is replaced by the same code loading `node:https` on
 * first fetch instead of statically (35–45 ms of cold start; see the authorizer's module).
 */
export const LAMBDA_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': path.join(ROOT, 'lambdas/shared/aws/lambda-credentials.ts'),
  '#node-web-compat': path.join(ROOT, 'lambdas/authorizer/aws-jwt-verify-node-compat.ts'),
};

/** ESM output needs `require` for the CommonJS dependencies esbuild inlines. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __intelloCreateRequire } from 'module';const require = __intelloCreateRequire(import.meta.url);";

/** The Node.js major version Lambda runs (`nodejs24.x`). */
export const LAMBDA_NODE_TARGET = 'node24';

/**
 * esbuild options equivalent to the `NodejsFunction` bundling props in `lib/`.
 *
 * @example
 * await esbuild.build({ ...lambdaEsbuildOptions(), entryPoints: ['lambdas/authorizer/handler.ts'], outfile: 'out/index.mjs' });
 */
export function lambdaEsbuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    target: LAMBDA_NODE_TARGET,
    format: 'esm',
    minify: true,
    sourcemap: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    legalComments: 'none',
    alias: LAMBDA_ALIASES,
  };
}
