/**
 * Every Lambda's production bundle: minified and gzipped size, and cold-start import time (a
 * fresh Node 24 process that imports the bundle, minus a fresh process that imports nothing),
 * with the AWS SDK bundled (what ships) versus left to the runtime's copy (`@aws-sdk/*` and
 * `@smithy/*` external, resolved from node_modules as Lambda resolves its own copy).
 *
 * Run: npm run bench:bundles [-- --runs 9]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { lambdaEsbuildOptions } from '../lib/bundling';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const FUNCTIONS = [
  'authorizer',
  'health',
  'auth-sync',
  'me',
  'specs',
  'internal-health',
  'org',
  'internal-orgs',
  'internal-users',
  'migrate',
];
const OUT = path.resolve('bench/out/bundles');

/** Enough configuration for every function's cold start to complete without a network. */
const ENV = {
  SUPABASE_URL: 'http://127.0.0.1:9',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  DATA_API_RESOURCE_ARN: 'arn:aws:rds:us-east-1:000000000000:cluster:bench',
  DATA_API_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
  DATA_API_DATABASE: 'intello',
  PLATFORM_API_KEY: 'bench-platform-key-0123456789',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time of `node -e <script>` in a fresh process, median of RUNS. */
function timeProcess(script: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...ENV },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const elapsed = performance.now() - started;
    if (result.status !== 0) throw new Error(`cold start failed: ${result.stderr.toString().slice(0, 400)}`);
    times.push(elapsed);
  }
  return median(times);
}

async function bundle(
  name: string,
  sdk: 'bundled' | 'runtime',
): Promise<{ file: string; bytes: number; gzip: number }> {
  const file = path.join(OUT, `${name}-${sdk}`, 'index.mjs');
  await build({
    ...lambdaEsbuildOptions(),
    entryPoints: [`lambdas/${name}/handler.ts`],
    outfile: file,
    logLevel: 'error',
    ...(sdk === 'runtime' ? { external: ['@aws-sdk/*', '@smithy/*'] } : {}),
  });
  const code = readFileSync(file);
  return { file, bytes: code.length, gzip: gzipSync(code).length };
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  // The authorizer fetches its JWKS at cold start; point it at a port that refuses at once so the
  // figure is import + init, not a network wait (the authorizer bench measures the full first event).
  const baseline = timeProcess('process.exit(0)');
  const rows: string[] = [];
  const kb = (n: number) => (n / 1024).toFixed(1);
  for (const name of FUNCTIONS) {
    const bundled = await bundle(name, 'bundled');
    const runtime = await bundle(name, 'runtime');
    const importOf = (file: string) =>
      timeProcess(`await import(${JSON.stringify(file)}); process.exit(0);`) - baseline;
    const bundledMs = importOf(bundled.file);
    const runtimeMs = importOf(runtime.file);
    rows.push(
      `| ${name.padEnd(14)} | ${kb(bundled.bytes).padStart(7)} | ${kb(bundled.gzip).padStart(6)} | ${bundledMs.toFixed(0).padStart(5)} | ${kb(runtime.bytes).padStart(7)} | ${runtimeMs.toFixed(0).padStart(5)} | ${(runtimeMs / bundledMs).toFixed(2).padStart(5)} |`,
    );
  }
  const table = [
    `Node ${process.versions.node}, median of ${RUNS} fresh processes; empty-process baseline ${baseline.toFixed(0)} ms (subtracted).`,
    '',
    '| function       | KiB min | KiB gz | import ms (SDK bundled) | KiB min (SDK external) | import ms (runtime SDK) | runtime/bundled |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
  console.log(table);
  writeFileSync(path.join(OUT, 'table.md'), `${table}\n`);
}

await main();
