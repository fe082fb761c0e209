/**
 * Builds a Lambda's production bundle exactly as the CDK app does (`lambdaEsbuildOptions()`), so
 * the size and cold start a bench reports are those of what ships.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaEsbuildOptions } from '../../lib/bundling';

export interface BuiltBundle {
  /** Absolute path of `index.mjs`. */
  path: string;
  /** Size in bytes. */
  bytes: number;
}

/**
 * Bundles `entry` into `bench/out/{name}/index.mjs`.
 *
 * @example
 * const { path, bytes } = await buildLambdaBundle('authorizer', 'lambdas/authorizer/handler.ts');
 */
export async function buildLambdaBundle(name: string, entry: string): Promise<BuiltBundle> {
  const path = join(process.cwd(), 'bench', 'out', name, 'index.mjs');
  await build({ ...lambdaEsbuildOptions(), entryPoints: [entry], outfile: path, logLevel: 'warning' });
  return { path, bytes: statSync(path).size };
}
