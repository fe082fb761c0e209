/**
 * Builds a Lambda's production bundle exactly as the CDK app does (`lambdaEsbuildOptions()`), so
 * the size and cold start a bench reports are those of what ships.
 */
import { rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { lambdaEsbuildOptions, lambdaOutputOptions, SPLIT_FUNCTIONS } from '../../lib/bundling';

export interface BuiltBundle {
  /** Absolute path of `index.mjs`. */
  path: string;
  /** Size of `index.mjs` in bytes: what a cold start loads. */
  bytes: number;
  /** The lazily imported chunks beside it (the authorizer's key path), by file name, in bytes. */
  chunks: Record<string, number>;
}

/**
 * Bundles `entry` into `bench/out/{name}/index.mjs`.
 *
 * @example
 * const { path, bytes } = await buildLambdaBundle('authorizer', 'lambdas/authorizer/handler.ts');
 */
export async function buildLambdaBundle(name: string, entry: string): Promise<BuiltBundle> {
  const outdir = join(process.cwd(), 'bench', 'out', name);
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    ...lambdaEsbuildOptions(),
    ...(SPLIT_FUNCTIONS.has(name) ? lambdaOutputOptions(outdir) : { outfile: join(outdir, 'index.mjs') }),
    entryPoints: [entry],
    metafile: true,
    logLevel: 'warning',
  });
  const path = join(outdir, 'index.mjs');
  const chunks: Record<string, number> = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (basename(file) !== 'index.mjs') chunks[basename(file)] = output.bytes;
  }
  return { path, bytes: statSync(path).size, chunks };
}
