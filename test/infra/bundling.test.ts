import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LAMBDA_SUBSTITUTIONS, PROJECT_ROOT, substitutionPlugin } from '../../lib/bundling';

const NODE_MODULES = path.join(PROJECT_ROOT, 'node_modules');

describe('Lambda bundling', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'intello-bundle-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds an asset as the CDK construct does: index.mjs, a source map without sources, and the folders it carries', () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'lib/bundle-lambda.ts', 'migrate', dir, 'migrations'], {
      cwd: PROJECT_ROOT,
      stdio: 'pipe',
    });

    expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map', 'migrations']);
    expect(readdirSync(path.join(dir, 'migrations'))).toEqual(readdirSync(path.join(PROJECT_ROOT, 'migrations')));
    const map = JSON.parse(readFileSync(path.join(dir, 'index.mjs.map'), 'utf8')) as {
      sources: string[];
      sourcesContent?: unknown;
    };
    expect(map.sources.some((source) => source.endsWith('lambdas/migrate/handler.ts'))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('builds the authorizer with its org API key path in chunks beside index.mjs, imported only dynamically', () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'lib/bundle-lambda.ts', 'authorizer', dir], {
      cwd: PROJECT_ROOT,
      stdio: 'pipe',
    });

    const files = readdirSync(dir);
    const chunks = files.filter((f) => /^chunk-[A-Z0-9]+\.mjs$/.test(f));
    expect(files).toContain('index.mjs');
    expect(chunks.length).toBeGreaterThan(0);
    const index = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
    // No static import of a chunk: a cold start on the JWT path loads index.mjs alone.
    expect(index).not.toMatch(/from\s*"\.\/chunk-/);
    expect(index).toMatch(/import\("\.\/chunk-[A-Z0-9]+\.mjs"\)/);
  });

  it('exits 2 with its usage when the function or the output directory is missing', () => {
    let failure: { status?: number; stderr?: Buffer } = {};
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'lib/bundle-lambda.ts', 'migrate'], {
        cwd: PROJECT_ROOT,
        stdio: 'pipe',
      });
    } catch (error) {
      failure = error as typeof failure;
    }

    expect(failure.status).toBe(2);
    expect(String(failure.stderr)).toContain('usage: node --import tsx lib/bundle-lambda.ts');
  });

  it.each(Object.entries(LAMBDA_SUBSTITUTIONS))(
    'substitutes %s, which still exists, with a module exporting the same names',
    async (original, replacement) => {
      const originalPath = path.join(NODE_MODULES, original);

      // A dependency upgrade that moves the file would otherwise end the substitution silently.
      expect(existsSync(originalPath)).toBe(true);
      expect(Object.keys(await import(pathToFileURL(replacement).href)).sort()).toEqual(
        Object.keys(await import(pathToFileURL(originalPath).href)).sort(),
      );
    },
  );

  it("replaces a dependency's file however it is imported, relative imports inside the package included", async () => {
    const substitute = path.join(dir, 'marker.ts');
    writeFileSync(
      substitute,
      'export const isJsonObject = () => true;\nexport const safeJsonParse = () => ({ substituted: true });\n',
    );
    writeFileSync(
      path.join(dir, 'entry.ts'),
      "export { safeJsonParse } from 'aws-jwt-verify/safe-json-parse';\nexport { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';\n",
    );

    await build({
      entryPoints: [path.join(dir, 'entry.ts')],
      outfile: path.join(dir, 'out.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      nodePaths: [NODE_MODULES],
      plugins: [substitutionPlugin({ 'aws-jwt-verify/dist/esm/safe-json-parse.js': substitute })],
      logLevel: 'silent',
    });
    const bundle = (await import(pathToFileURL(path.join(dir, 'out.mjs')).href)) as {
      safeJsonParse: (s: string) => unknown;
      decomposeUnverifiedJwt: (jwt: string) => { header: unknown };
    };

    expect(bundle.safeJsonParse('{}')).toEqual({ substituted: true });
    // jwt.js imports './safe-json-parse.js': the header it decodes comes from the substitute.
    expect(bundle.decomposeUnverifiedJwt('e30.e30.c2ln').header).toEqual({ substituted: true });
  });
});
