/**
 * The authorizer's three performance figures, measured in one run and printed side by side:
 * 1. warm verifications per second of the whole handler vs raw `crypto.verify` (ES256, IEEE P1363)
 *    on the same token, in alternating batches of 100 over the same seconds, per second of this
 *    process's CPU time (ratio ≥ 0.8; the wall-clock ratio is printed beside it);
 * 2. the production bundle's size, built with `lambdaEsbuildOptions()` as the CDK app builds it
 *    (≤ 20 KiB);
 * 3. cold start: a fresh Node process that imports the bundle and answers its first event (JWKS
 *    from a loopback server) vs a fresh Node process that does nothing (median extra ≤ 40 ms of
 *    wall clock; the CPU time each process used is printed beside it, because on a shared
 *    machine the wall clock mostly measures the neighbours).
 * Exits non-zero when a figure misses its budget. Run with `npm run bench:authorizer`; add
 * `-- --breakdown` for where the time goes (see docs/PERFORMANCE.md).
 */
import { verify } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  generateEs256Key,
  mintAccessToken,
  startJwksServer,
  supabaseClaims,
  tokenEvent,
  TEST_METHOD_ARN,
} from '../test/support/jwt';
import { printAuthorizerBreakdown } from './support/authorizer-breakdown';
import { buildLambdaBundle } from './support/bundle';
import { timeNodeProcess, type ProcessTiming } from './support/process-timing';
import { formatInt, interleavedRates, median } from './support/stats';

const THROUGHPUT_MS = 6000;
const COLD_RUNS = 15;
const BUDGET = { ratio: 0.8, bytes: 20 * 1024, extraMs: 40 };

const key = generateEs256Key();
const server = await startJwksServer([key]);
const token = await mintAccessToken(key, supabaseClaims({ issuer: server.issuer }));
const event = tokenEvent(`Bearer ${token}`);
const bundle = await buildLambdaBundle('authorizer', 'lambdas/authorizer/handler.ts');

// 1. Warm throughput. The bundle logs one line per decision to stdout; the line is still built
// (JSON.stringify is part of the cost) but not written, so the terminal does not set the pace.
Object.assign(process.env, server.env());
const stdoutWrite = process.stdout.write;
process.stdout.write = (() => true) as typeof process.stdout.write;
const { handler } = await import(pathToFileURL(bundle.path).href);
const [headerB64, payloadB64, signatureB64] = token.split('.') as [string, string, string];
const signingInput = Buffer.from(`${headerB64}.${payloadB64}`);
const signature = Buffer.from(signatureB64, 'base64url');
const rawVerify = (): boolean =>
  verify('sha256', signingInput, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
const first = await handler(event);
if (first.policyDocument.Statement[0].Effect !== 'Allow' || !rawVerify())
  throw new Error('the bench token does not verify');
await interleavedRates(() => handler(event), rawVerify, { durationMs: 500 });
const rates = await interleavedRates(() => handler(event), rawVerify, { durationMs: THROUGHPUT_MS });
process.stdout.write = stdoutWrite;
const [handlerRate, rawRate] = rates.cpu;
const ratio = handlerRate / rawRate;
const wallRatio = rates.wall[0] / rates.wall[1];

// 3. Cold start, alternating the two kinds of process so drift on a shared machine hits both.
const childEnv = { ...server.env(), BENCH_AUTHORIZATION: `Bearer ${token}`, BENCH_METHOD_ARN: TEST_METHOD_ARN };
const cold: ProcessTiming[] = [];
const empty: ProcessTiming[] = [];
await timeNodeProcess(['bench/support/first-event.mjs', bundle.path], childEnv);
for (let run = 0; run < COLD_RUNS; run += 1) {
  empty.push(await timeNodeProcess(['bench/support/noop.mjs']));
  cold.push(await timeNodeProcess(['bench/support/first-event.mjs', bundle.path], childEnv));
}
const wall = (runs: ProcessTiming[]): number => median(runs.map((run) => run.wallMs));
const cpu = (runs: ProcessTiming[]): number => median(runs.map((run) => run.cpuMs));
const extraMs = wall(cold) - wall(empty);

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
const rows = [
  [
    '1. warm verifications/CPU-s',
    `handler ${formatInt(handlerRate)}/s`,
    `raw crypto.verify ${formatInt(rawRate)}/s`,
    `ratio ${ratio.toFixed(2)} (≥ ${BUDGET.ratio})`,
    verdict(ratio >= BUDGET.ratio),
  ],
  [
    '   per wall-clock s',
    `handler ${formatInt(rates.wall[0])}/s`,
    `raw crypto.verify ${formatInt(rates.wall[1])}/s`,
    `ratio ${wallRatio.toFixed(2)}`,
    'info',
  ],
  [
    '2. production bundle',
    `${(bundle.bytes / 1024).toFixed(1)} KiB (${formatInt(bundle.bytes)} B)`,
    `budget ${BUDGET.bytes / 1024} KiB`,
    `${((bundle.bytes / BUDGET.bytes) * 100).toFixed(0)}% of budget`,
    verdict(bundle.bytes <= BUDGET.bytes),
  ],
  [
    '3. cold start (median)',
    `bundle + first event ${wall(cold).toFixed(1)} ms`,
    `empty process ${wall(empty).toFixed(1)} ms`,
    `extra ${extraMs.toFixed(1)} ms (≤ ${BUDGET.extraMs} ms)`,
    verdict(extraMs <= BUDGET.extraMs),
  ],
  [
    '   CPU time (median)',
    `bundle + first event ${cpu(cold).toFixed(1)} ms`,
    `empty process ${cpu(empty).toFixed(1)} ms`,
    `extra ${(cpu(cold) - cpu(empty)).toFixed(1)} ms`,
    'info',
  ],
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
console.log(
  `authorizer bench: Node ${process.versions.node}, ${cpus().length} CPUs, load average ${load}; ${THROUGHPUT_MS / 1000} s of interleaved verifications, ${COLD_RUNS} cold starts each`,
);
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
if (process.argv.includes('--breakdown'))
  await printAuthorizerBreakdown({ server, key, token, bundlePath: bundle.path, childEnv });
await server.close();
if (rows.some((row) => row.at(-1) === 'FAIL')) process.exitCode = 1;
