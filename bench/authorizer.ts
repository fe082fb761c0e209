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
 * The same three figures for the org API key path follow (informational, no budget): its lazily
 * imported chunks' size, a cold start answering a key, and warm verifications through the local
 * Data API (PostgreSQL 17, embedded). Org API keys are on for every measurement, so the JWT figures are those of a
 * deployment with keys enabled.
 * Exits non-zero when a figure of the JWT path misses its budget. Run with `npm run bench:authorizer`; add
 * `-- --breakdown` for where the time goes (see docs/PERFORMANCE.md).
 */
import { verify } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateApiKey } from '../lambdas/shared/api-keys/key-format';
import { createDataApiClient } from '../lambdas/shared/data-api/client';
import { runMigrations } from '../lambdas/shared/data-api/migrate';
import { loadMigrationsFromDirectory } from '../lambdas/shared/data-api/migrations-directory';
import { createOrgApiKey } from '../lambdas/shared/store/org-api-keys';
import { syncUser } from '../lambdas/shared/store/users';
import { openLocalDatabase } from '../local/data-api/local-database';
import { startDataApiServer } from '../local/data-api/server';
import { LOCAL_ROLE_SECRET_ARNS } from '../local/data-api/secret-roles';
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

// The local Data API with the migrations and one active key, for the key path.
const database = await openLocalDatabase({ kind: 'embedded', dir: undefined });
const dataApi = await startDataApiServer({
  host: '127.0.0.1',
  port: 0,
  connectionString: database.connectionString,
  log: () => undefined,
});
const master = createDataApiClient({
  region: 'us-east-1',
  endpoint: dataApi.url,
  resourceArn: dataApi.resourceArn,
  secretArn: dataApi.secretArn,
  database: dataApi.database,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
await runMigrations(
  master,
  await loadMigrationsFromDirectory(fileURLToPath(new URL('../migrations', import.meta.url))),
);
const owner = await syncUser(master, { userId: crypto.randomUUID(), email: 'bench@example.com' });
const apiKey = generateApiKey();
await createOrgApiKey(master, {
  orgId: owner.org.id,
  createdBy: owner.user.id,
  name: 'bench',
  scopes: ['specs:read'],
  expiresInDays: 1,
  hash: apiKey.hash,
  start: apiKey.start,
  now: new Date(),
});
const keysEnv = {
  ORG_API_KEYS: 'true',
  AWS_REGION: 'us-east-1',
  DATA_API_ENDPOINT: dataApi.url,
  DATA_API_RESOURCE_ARN: dataApi.resourceArn,
  DATA_API_SECRET_ARN: LOCAL_ROLE_SECRET_ARNS.intello_authorizer,
  DATA_API_DATABASE: dataApi.database,
};
const keyEvent = tokenEvent(`Bearer ${apiKey.secret}`);
const keyChunkBytes = Object.values(bundle.chunks).reduce((sum, bytes) => sum + bytes, 0);

// 1. Warm throughput. The bundle logs one line per decision to stdout; the line is still built
// (JSON.stringify is part of the cost) but not written, so the terminal does not set the pace.
Object.assign(process.env, server.env(), keysEnv);
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
// The key path, warm: one Data API read per verification, sequential, as one Lambda instance runs.
const firstKey = await handler(keyEvent);
if (firstKey.policyDocument.Statement[0].Effect !== 'Allow') throw new Error('the bench key is not allowed');
const keyRuns: number[] = [];
const keyStarted = performance.now();
while (performance.now() - keyStarted < 3000) {
  const t0 = performance.now();
  await handler(keyEvent);
  keyRuns.push(performance.now() - t0);
}
process.stdout.write = stdoutWrite;
const [handlerRate, rawRate] = rates.cpu;
const ratio = handlerRate / rawRate;
const wallRatio = rates.wall[0] / rates.wall[1];

// 3. Cold start, alternating the two kinds of process so drift on a shared machine hits both.
const childEnv = {
  ...server.env(),
  ...keysEnv,
  BENCH_AUTHORIZATION: `Bearer ${token}`,
  BENCH_METHOD_ARN: TEST_METHOD_ARN,
};
const keyChildEnv = { ...childEnv, BENCH_AUTHORIZATION: `Bearer ${apiKey.secret}` };
const cold: ProcessTiming[] = [];
const keyCold: ProcessTiming[] = [];
const empty: ProcessTiming[] = [];
await timeNodeProcess(['bench/support/first-event.mjs', bundle.path], childEnv);
for (let run = 0; run < COLD_RUNS; run += 1) {
  empty.push(await timeNodeProcess(['bench/support/noop.mjs']));
  cold.push(await timeNodeProcess(['bench/support/first-event.mjs', bundle.path], childEnv));
  keyCold.push(await timeNodeProcess(['bench/support/first-event.mjs', bundle.path], keyChildEnv));
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
  ['API key path (info)', '', '', '', ''],
  [
    '4. key path chunks',
    `${(keyChunkBytes / 1024).toFixed(1)} KiB in ${Object.keys(bundle.chunks).length} files`,
    `main bundle ${(bundle.bytes / 1024).toFixed(1)} KiB`,
    'loaded on the first key only',
    'info',
  ],
  [
    '5. key cold start (median)',
    `bundle + first key ${wall(keyCold).toFixed(1)} ms`,
    `bundle + first JWT ${wall(cold).toFixed(1)} ms`,
    `extra over empty ${(wall(keyCold) - wall(empty)).toFixed(1)} ms`,
    'info',
  ],
  [
    '6. warm key verification',
    `median ${median(keyRuns).toFixed(2)} ms (${formatInt(keyRuns.length / 3)}/s)`,
    `JWT ${(1000 / rates.wall[0]).toFixed(3)} ms`,
    'one read through the local Data API (PostgreSQL 17, embedded)',
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
await dataApi.close();
await database.close();
if (rows.some((row) => row.at(-1) === 'FAIL')) process.exitCode = 1;
