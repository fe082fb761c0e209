/**
 * `node --import tsx lib/bundle-lambda.ts <name> <outdir> [folder...]`: builds one Lambda's asset,
 * `lambdas/<name>/handler.ts` bundled into `<outdir>/index.mjs`, plus copies of the repository's
 * `folder`s. The CDK construct runs it in a child process because CDK bundles synchronously and
 * esbuild plugins need its asynchronous API.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { bundleLambda, PROJECT_ROOT } from './bundling';

const [name, outdir, ...folders] = process.argv.slice(2);
if (!name || !outdir) {
  process.stderr.write(
    'usage: node --import tsx lib/bundle-lambda.ts <function name under lambdas/> <output directory> [folder to copy...]\n',
  );
  process.exit(2);
}
await bundleLambda(name, outdir);
for (const folder of folders) cpSync(path.join(PROJECT_ROOT, folder), path.join(outdir, folder), { recursive: true });
