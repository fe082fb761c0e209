/**
 * How every Lambda is bundled, in one place: the CDK stacks (`IntelloFunction`, through
 * `lib/bundle-lambda.ts`), the benches and the local stack all build with `lambdaEsbuildOptions()`,
 * so what is measured and run locally is what ships. It is esbuild's JavaScript API rather than
 * `NodejsFunction`'s command line because two substitutions below need a plugin.
 */
import type { BuildOptions, Plugin } from 'esbuild';
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `lib/`). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Package substitutions in every Lambda bundle. The SDK's default credential chain is replaced by
 * the environment-only provider Lambda needs (see `lambdas/shared/aws/lambda-credentials.ts`):
 * about a third of each business bundle, never executed in Lambda.
 */
export const LAMBDA_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': path.join(PROJECT_ROOT, 'lambdas/shared/aws/lambda-credentials.ts'),
};

/**
 * Files inside dependencies replaced in every Lambda bundle, by their path under
 * `node_modules/`, however they are imported. Both are aws-jwt-verify's and both keep its
 * behaviour (their tests say how):
 * - its Node layer (`#node-web-compat`) by the same code loading `node:https` on first fetch
 *   instead of statically (35–45 ms of cold start);
 * - its `safeJsonParse` by the same result without a `JSON.parse` reviver (a quarter of the
 *   authorizer's own CPU per request).
 * Relative imports inside a package cannot be aliased, hence a plugin.
 */
export const LAMBDA_SUBSTITUTIONS: Record<string, string> = {
  'aws-jwt-verify/dist/esm/node-web-compat-node.js': path.join(
    PROJECT_ROOT,
    'lambdas/authorizer/aws-jwt-verify-node-compat.ts',
  ),
  'aws-jwt-verify/dist/esm/safe-json-parse.js': path.join(
    PROJECT_ROOT,
    'lambdas/authorizer/aws-jwt-verify-safe-json-parse.ts',
  ),
};

/**
 * The esbuild plugin that loads each `LAMBDA_SUBSTITUTIONS` file in place of the original.
 *
 * @example
 * await esbuild.build({ entryPoints: ['lambdas/authorizer/handler.ts'], bundle: true, plugins: [substitutionPlugin()] });
 */
export function substitutionPlugin(substitutions: Record<string, string> = LAMBDA_SUBSTITUTIONS): Plugin {
  const byOriginal = new Map(
    Object.entries(substitutions).map(([original, replacement]) => [path.join('node_modules', original), replacement]),
  );
  const escaped = [...byOriginal.keys()].map((original) => original.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return {
    name: 'intello-substitutions',
    setup(esbuild) {
      esbuild.onLoad({ filter: new RegExp(`(${escaped.join('|')})$`) }, (args) => {
        const replacement = [...byOriginal].find(([original]) => args.path.endsWith(original))![1];
        return {
          contents: readFileSync(replacement, 'utf8'),
          loader: 'ts',
          resolveDir: path.dirname(replacement),
          watchFiles: [replacement],
        };
      });
    },
  };
}

/** ESM output needs `require` for the CommonJS dependencies esbuild inlines. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __intelloCreateRequire } from 'module';const require = __intelloCreateRequire(import.meta.url);";

/** The Node.js major version Lambda runs (`nodejs24.x`). */
export const LAMBDA_NODE_TARGET = 'node24';

/**
 * The esbuild options of every Lambda bundle (add `entryPoints` and `outfile`).
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
    plugins: [substitutionPlugin()],
  };
}

/**
 * The functions built with code splitting: the authorizer, whose org API key path is a dynamic
 * `import()` kept out of the JWT path's bundle. The others stay one `index.mjs` (splitting them
 * would also turn the AWS SDK's own dynamic imports into chunks, a change nobody measured).
 */
export const SPLIT_FUNCTIONS: ReadonlySet<string> = new Set(['authorizer']);

/**
 * The output options of a split Lambda asset: `index.mjs`, and a `chunk-<hash>.mjs` beside it for
 * each module reached only through a dynamic `import()`, loaded from the asset folder the first
 * time it is needed.
 *
 * @example
 * await esbuild.build({ ...lambdaEsbuildOptions(), ...lambdaOutputOptions('out'), entryPoints: ['lambdas/authorizer/handler.ts'] });
 */
export function lambdaOutputOptions(outdir: string): BuildOptions {
  return {
    outdir,
    splitting: true,
    entryNames: 'index',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
  };
}

/**
 * Builds `lambdas/{name}/handler.ts` into `{outdir}/index.mjs` (and its lazily loaded chunks) as
 * it ships: minified ESM with external source maps (without the sources), the AWS SDK bundled in.
 *
 * @example
 * await bundleLambda('authorizer', 'cdk.out/bundling-temp-abc');
 */
export async function bundleLambda(name: string, outdir: string): Promise<void> {
  await build({
    ...lambdaEsbuildOptions(),
    ...(SPLIT_FUNCTIONS.has(name) ? lambdaOutputOptions(outdir) : { outfile: path.join(outdir, 'index.mjs') }),
    entryPoints: [path.join(PROJECT_ROOT, 'lambdas', name, 'handler.ts')],
    sourcemap: 'external',
    sourcesContent: false,
    logLevel: 'error',
  });
}
