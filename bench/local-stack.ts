/**
 * The local stack as a developer meets it, in one run:
 *
 * 1. `npm start` time to ready, spawned as a child process on free ports, read from its
 *    "ready in" line: cold (empty synth folder, empty LOCAL_DIR), warm (synth folder already
 *    built, empty LOCAL_DIR: a fresh embedded PostgreSQL and migrations), and restart (both
 *    kept), each also as a ratio to the PGlite figures recorded in docs/PERFORMANCE.md.
 * 2. Throughput and latency over loopback: `GET /health` and an authenticated `GET /api/me` (one
 *    synced user; its Allow is cached after the first request, as on AWS) at 16 connections with
 *    autocannon, and at 1 connection as a sequential loop timed in microseconds (autocannon's
 *    latencies are whole milliseconds, and `/health` answers in less). The two routes alternate
 *    in short rounds (`BENCH_LOAD_ROUNDS`, default 5, sharing the duration), because this
 *    machine's speed drifts by half within minutes and two 10 s rows one after the other
 *    measured the drift as much as the routes; each ratio the issue sets a target for is the
 *    median of the rounds' ratios, printed with their range. The stage throttle of the public API
 *    (100 req/s, burst 200; at most API Gateway's 10 000/s quota if raised, which `/health`
 *    outruns here) would answer many of these requests 429, cheaply, and the rows would measure
 *    the throttle: this stack runs with stage throttling off (`stageThrottling: false`), from the
 *    same synth as the warm start, in a child process (this file with `--serve`) so the load
 *    generator does not share its event loop. At 16 connections it also reads, on Linux, the CPU
 *    each request cost by part of the stack: its main thread, the Lambda worker threads, V8's
 *    helper threads and PostgreSQL's processes (bench/support/thread-cpu.ts).
 *
 * The synth folders are under `bench/out/` (the cold one removed first, so "cold" is cold), never
 * the `cdk.out/` that `npm start` and the end-to-end tests share. The machine's load average is
 * printed with the results: on a shared 2-core machine absolute numbers move with it.
 *
 * Run with `npm run bench:local-stack` (`BENCH_DURATION_SECONDS`, default 10, per route and
 * connection count, over its rounds).
 *
 * `-- --compare-with <worktree>`: instead, `GET /api/specs/{specId}` on this tree's stack and on
 * another worktree's (e.g. the previous commit, `npm ci` done there), both started at once,
 * measured in alternating rounds of one connection, so both see the same machine load; prints
 * each round's p50 and mean, their medians, and the ratio (`BENCH_ROUNDS`, default 7).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../lib/lambda-function';
import { loadLocalConfig } from '../local/config';
import { startLocalStack, type LocalEndpoints } from '../local/stack';
import { CPU_PARTS, type CpuSample, cpuPerRequest, sampleCpu } from './support/thread-cpu';

/** The part of autocannon's API used here (the package ships no types; no @types dependency added for one bench). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  headers?: Record<string, string>;
  duration?: number;
  amount?: number;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS || 10);
/** The load rows' rounds per route, alternating between the two routes compared. */
const LOAD_ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS || 5);
const CDK_OUT = path.join(PROJECT_ROOT, 'bench', 'out', 'local-stack-cdk.out');
const START_TIMEOUT_MS = 10 * 60_000;
/** The PGlite figures of docs/PERFORMANCE.md (load average 13.2), the baseline of the ready-time target. */
const PGLITE_READY_SECONDS: Record<string, number> = { cold: 79.7, warm: 21.2, restart: 6.3 };

interface Started {
  child: ChildProcess;
  /** The child's own "ready in" figure, seconds. */
  readySeconds: number;
  /** `✓ step  N.NN s` lines, step → seconds. */
  steps: Map<string, number>;
  /** False when the synth step reused the folder ("unchanged, reused"). */
  synthesized: boolean;
  endpoints: LocalEndpoints;
  /** `--serve` only: its own pid and the embedded PostgreSQL server's, for the CPU table. */
  pids: { node: number; postgres: number | undefined } | undefined;
}

/**
 * Spawns `npm start` (or this file in `--serve` mode) with its own process group, so that one
 * signal reaches npm, tsx and node, and waits for its "ready in" line.
 */
function startNpm(
  localDir: string,
  command: string[] = ['start'],
  cdkOut = CDK_OUT,
  cwd = PROJECT_ROOT,
): Promise<Started> {
  const child = spawn('npm', command, {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      LOCAL_API_PORT: '0',
      LOCAL_INTERNAL_API_PORT: '0',
      LOCAL_EXAMPLE_API_PORT: '0',
      LOCAL_AUTH_PORT: '0',
      LOCAL_DATA_API_PORT: '0',
      LOCAL_DIR: localDir,
      LOCAL_CDK_OUT: cdkOut,
      SUPABASE_URL: '',
      DATABASE_URL: '',
    },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const steps = new Map<string, number>();
    const timer = setTimeout(
      () => fail(new Error(`npm start not ready after ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      stop(child).finally(() => reject(new Error(`${error.message}\n--- output ---\n${out}`)));
    };
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const match of out.matchAll(/^✓ (.+?)\s+(\d+\.\d+) s/gm)) steps.set(match[1]!.trim(), Number(match[2]));
      const ready = /^ready in (\d+\.\d+) s$/m.exec(out);
      if (ready) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        const endpoints = JSON.parse(readFileSync(path.join(localDir, 'endpoints.json'), 'utf8')) as LocalEndpoints;
        const pids = /^serve pids (\d+) (\d+|-)$/m.exec(out);
        resolve({
          pids: pids ? { node: Number(pids[1]), postgres: pids[2] === '-' ? undefined : Number(pids[2]) } : undefined,
          child,
          readySeconds: Number(ready[1]),
          steps,
          synthesized: !/unchanged, reused/.test(out),
          endpoints,
        });
      }
    });
    child.on('exit', (code) => fail(new Error(`npm start exited with ${code} before it was ready`)));
  });
}

/** SIGINT to the child's group, as Ctrl-C would; waits for the exit. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    process.kill(-child.pid!, 'SIGINT');
  });
}

/** Signs a user up on the auth emulator and syncs it; returns its access token. */
async function syncedUserToken(e: LocalEndpoints): Promise<string> {
  const signup = await fetch(`${e.supabaseUrl}/auth/v1/signup`, {
    method: 'POST',
    headers: { apikey: e.supabaseAnonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'correct horse battery' }),
  });
  const { access_token: token } = (await signup.json()) as { access_token: string };
  const sync = await fetch(`${e.publicApiUrl}/auth/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  if (sync.status !== 201) throw new Error(`sync answered ${sync.status}`);
  return token;
}

interface LoadRow {
  route: string;
  connections: number;
  requestsPerSecond: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Milliseconds of CPU per request by part of the stack (bench/support/thread-cpu.ts), on Linux. */
  cpu?: Map<string, number>;
}

/** What one route did in one timed round. */
interface RoundResult {
  seconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Sequential rounds: every request's time, ms. */
  times?: number[];
  /** autocannon rounds: its own percentiles, ms. */
  p50?: number;
  p99?: number;
  /** CPU (ms) each part of the stack spent during the round, on Linux. */
  cpu?: CpuSample;
}

/** A route at one concurrency: `warm` once (untimed), then `round(seconds)` as often as asked. */
interface Driver {
  route: string;
  connections: number;
  warm(): Promise<void>;
  round(seconds: number): Promise<RoundResult>;
  close(): void;
}

/** One connection, one request at a time, each timed with the high-resolution clock (autocannon's latencies are whole milliseconds). */
function sequential(route: string, url: string, headers: Record<string, string> = {}): Driver {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<number>((resolve, reject) => {
      http
        .get(url, { agent, headers }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        })
        .on('error', reject);
    });
  return {
    route,
    connections: 1,
    async warm() {
      for (let i = 0; i < 50; i += 1) await once();
    },
    async round(seconds) {
      const times: number[] = [];
      let non2xx = 0;
      const until = performance.now() + seconds * 1000;
      while (performance.now() < until) {
        const started = performance.now();
        const status = await once();
        times.push(performance.now() - started);
        if (status < 200 || status > 299) non2xx += 1;
      }
      return { seconds, requests: times.length, non2xx, errors: 0, times };
    },
    close: () => agent.destroy(),
  };
}

function concurrent(
  route: string,
  url: string,
  connections: number,
  headers: Record<string, string> = {},
  sample: () => CpuSample | undefined = () => undefined,
): Driver {
  return {
    route,
    connections,
    // One short untimed pass brings up as many Lambda environments as the run will use (cold starts are not the subject here).
    warm: async () => void (await autocannon({ url, connections, amount: connections * 4, headers })),
    async round(seconds) {
      const before = sample();
      const result = await autocannon({ url, connections, duration: seconds, headers });
      const after = sample();
      const cpu = before && after ? new Map([...after].map(([part, ms]) => [part, ms - before.get(part)!])) : undefined;
      return {
        seconds,
        requests: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        p50: result.latency.p50,
        p99: result.latency.p99,
        ...(cpu ? { cpu } : {}),
      };
    },
    close: () => undefined,
  };
}

/**
 * Two routes measured side by side: `rounds` alternating rounds of `seconds` each, so that the
 * machine's drift (this 2-core VM's speed moves by half within minutes) falls on both. Returns
 * each route's row over all its rounds and the per-round ratios `a ÷ b` of `metric`.
 */
async function sideBySide(
  [a, b]: [Driver, Driver],
  rounds: number,
  seconds: number,
  metric: (row: LoadRow) => number,
): Promise<{ rows: [LoadRow, LoadRow]; ratios: number[] }> {
  await a.warm();
  await b.warm();
  const results: [RoundResult[], RoundResult[]] = [[], []];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const ra = await a.round(seconds);
    const rb = await b.round(seconds);
    results[0].push(ra);
    results[1].push(rb);
    ratios.push(metric(rowOf(a, [ra])) / metric(rowOf(b, [rb])));
  }
  a.close();
  b.close();
  return { rows: [rowOf(a, results[0]), rowOf(b, results[1])], ratios };
}

/** A route's row over its rounds: rates and counts summed; percentiles of all sequential times, else the median of autocannon's. */
function rowOf(driver: Driver, results: RoundResult[]): LoadRow {
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  const times = results.flatMap((r) => r.times ?? []).sort((x, y) => x - y);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  const cpus = results.map((r) => r.cpu).filter((cpu) => cpu !== undefined);
  const zero: CpuSample = new Map(CPU_PARTS.map((part) => [part, 0]));
  const spent: CpuSample = new Map(CPU_PARTS.map((part) => [part, cpus.reduce((sum, cpu) => sum + cpu.get(part)!, 0)]));
  return {
    route: driver.route,
    connections: driver.connections,
    requestsPerSecond: requests / seconds,
    p50: times.length > 0 ? at(0.5) : median(results.map((r) => r.p50!)),
    p99: times.length > 0 ? at(0.99) : median(results.map((r) => r.p99!)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    ...(cpus.length === results.length && requests > 0 ? { cpu: cpuPerRequest(zero, spent, requests) } : {}),
  };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `--serve`: the stack in this process (synth folder from LOCAL_CDK_OUT), stage throttling off, until SIGINT. */
async function serve(): Promise<void> {
  const started = performance.now();
  const config = { ...loadLocalConfig(process.env, []), stageThrottling: false };
  const stack = await startLocalStack(config, (step, ms, detail) =>
    console.log(`✓ ${step.padEnd(30)} ${(ms / 1000).toFixed(2).padStart(6)} s${detail ? `  ${detail}` : ''}`),
  );
  const dataDir = stack.database.embedded?.dataDir;
  const postmaster = dataDir ? readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] : '-';
  console.log(`serve pids ${process.pid} ${postmaster}`);
  console.log(`ready in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  process.once('SIGINT', () => void stack.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  mkdirSync(path.dirname(CDK_OUT), { recursive: true });
  rmSync(CDK_OUT, { recursive: true, force: true });
  const load0 = loadavg()[0]!;
  const starts: Array<{ label: string; started: Started }> = [];
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'intello-bench-local-'));
    // Searchable by the postgres user the embedded server runs as when we are root.
    chmodSync(dir, 0o711);
    dirs.push(dir);
    return dir;
  };

  try {
    console.log('cold start (empty synth folder, empty LOCAL_DIR)…');
    const cold = await startNpm(freshDir());
    starts.push({ label: 'cold: synth + fresh PostgreSQL', started: cold });
    await stop(cold.child);

    // Other people edit lambdas/ and lib/ in this tree: when the code changed since the last
    // start the synth is redone, and that start is not a warm one. Try again (at most 3 times).
    let warmDir = freshDir();
    let warm: Started | undefined;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      console.log(`warm start (synth folder built, empty LOCAL_DIR), attempt ${attempt}…`);
      warm = await startNpm(warmDir);
      await stop(warm.child);
      if (!warm.synthesized) break;
      warmDir = freshDir();
    }
    starts.push({ label: 'warm: cdk.out built, fresh PostgreSQL', started: warm! });

    console.log('restart (synth folder and LOCAL_DIR kept)…');
    const again = await startNpm(warmDir);
    starts.push({ label: 'restart: cdk.out and LOCAL_DIR kept', started: again });
    await stop(again.child);

    console.log('load stack (stage throttling off)…');
    const served = await startNpm(freshDir(), ['exec', '--', 'tsx', 'bench/local-stack.ts', '--serve']);

    try {
      const e = served.endpoints;
      const token = await syncedUserToken(e);
      const auth = { authorization: `Bearer ${token}` };
      const seconds = DURATION_SECONDS / LOAD_ROUNDS;
      console.log(`load: 1 connection, ${LOAD_ROUNDS} alternating rounds of ${seconds} s per route…`);
      const one = await sideBySide(
        [
          sequential('GET /api/me (authenticated)', `${e.publicApiUrl}/api/me`, auth),
          sequential('GET /health', `${e.publicApiUrl}/health`),
        ],
        LOAD_ROUNDS,
        seconds,
        (row) => row.p50,
      );
      console.log(`load: 16 connections, ${LOAD_ROUNDS} alternating rounds of ${seconds} s per route…`);
      const pids = served.pids;
      const sample = () => (pids ? sampleCpu(pids.node, pids.postgres) : undefined);
      const sixteen = await sideBySide(
        [
          concurrent('GET /api/me (authenticated)', `${e.publicApiUrl}/api/me`, 16, auth, sample),
          concurrent('GET /health', `${e.publicApiUrl}/health`, 16, {}, sample),
        ],
        LOAD_ROUNDS,
        seconds,
        (row) => row.requestsPerSecond,
      );
      const [me1, health1] = one.rows;
      const [me16, health16] = sixteen.rows;
      const rows: LoadRow[] = [health1, me1, health16, me16];

      console.log(`\nnpm start, time to ready (load average at start ${load0.toFixed(2)}, 2 cores shared)`);
      const stepNames = ['CDK synth (bundles included)', 'PostgreSQL', 'Data API', 'migrations'];
      console.log(
        `${'run'.padEnd(38)} ${pad('ready s', 8)} ${stepNames.map((s) => pad(s.split(' ')[0]!, 10)).join(' ')} ${pad('÷ PGlite', 9)}`,
      );
      for (const { label, started } of starts) {
        const note =
          label.startsWith('cold') === started.synthesized
            ? ''
            : started.synthesized
              ? '  (re-synthesized: the code changed during the run)'
              : '  (synth reused?!)';
        console.log(
          `${label.padEnd(38)} ${pad(started.readySeconds.toFixed(2), 8)} ${stepNames.map((s) => pad((started.steps.get(s) ?? NaN).toFixed(2), 10)).join(' ')} ${pad(`${(started.readySeconds / PGLITE_READY_SECONDS[label.split(':')[0]!]!).toFixed(2)}×`, 9)}${note}`,
        );
      }

      console.log(
        `\nrequests over loopback, ${DURATION_SECONDS} s per route in ${LOAD_ROUNDS} rounds (load average now ${loadavg()[0]!.toFixed(2)}; at 16 connections p50 and p99 are the median of the rounds')`,
      );
      console.log(
        `${'route'.padEnd(30)} ${pad('conns', 5)} ${pad('req/s', 8)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} ${pad('non-2xx', 8)} ${pad('errors', 6)}`,
      );
      for (const r of rows) {
        console.log(
          `${r.route.padEnd(30)} ${pad(r.connections, 5)} ${pad(r.requestsPerSecond.toFixed(1), 8)} ${pad(r.p50.toFixed(2), 7)} ${pad(r.p99.toFixed(2), 7)} ${pad(r.non2xx, 8)} ${pad(r.errors, 6)}`,
        );
      }
      if (health16.cpu && me16.cpu) {
        console.log(
          '\nCPU per request at 16 connections, ms (/proc: the stack process by thread, the PostgreSQL processes; not the load generator)',
        );
        const parts = [...CPU_PARTS, 'total'];
        console.log(`${'route'.padEnd(30)} ${parts.map((part) => pad(part, 11)).join(' ')}`);
        for (const r of [health16, me16]) {
          console.log(`${r.route.padEnd(30)} ${parts.map((part) => pad(r.cpu!.get(part)!.toFixed(3), 11)).join(' ')}`);
        }
        console.log(
          `  /api/me ÷ /health CPU per request: ${(me16.cpu.get('total')! / health16.cpu.get('total')!).toFixed(1)}×`,
        );
      }
      const warmRatio = warm!.readySeconds / PGLITE_READY_SECONDS.warm!;
      const spread = (ratios: number[], digits: number) =>
        `median of ${ratios.length} rounds; rounds ${Math.min(...ratios).toFixed(digits)}–${Math.max(...ratios).toFixed(digits)}`;
      console.log('\ntargets (issue 13), measured in this run');
      console.log(
        `  /api/me ÷ /health throughput at 16 connections: ${median(sixteen.ratios).toFixed(3)}× (target ≥ 0.1×; ${spread(sixteen.ratios, 3)}; non-2xx ${me16.non2xx + health16.non2xx}, errors ${me16.errors + health16.errors})`,
      );
      console.log(
        `  /api/me ÷ /health p50 at 1 connection:          ${median(one.ratios).toFixed(1)}× (target ≤ 12×; ${spread(one.ratios, 1)})`,
      );
      console.log(
        `  warm npm start ready ÷ PGlite's recorded ${PGLITE_READY_SECONDS.warm} s:    ${warmRatio.toFixed(2)}× (target ≤ 0.6×)`,
      );
    } finally {
      await stop(served.child);
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** A synced user's spec on a started stack: the URL of its `GET /api/specs/{specId}` and the headers. */
async function specUrl(e: LocalEndpoints): Promise<{ url: string; headers: Record<string, string> }> {
  const headers = { authorization: `Bearer ${await syncedUserToken(e)}` };
  const created = await fetch(`${e.publicApiUrl}/api/specs`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'latency' }),
  });
  if (created.status !== 201) throw new Error(`create spec answered ${created.status}`);
  const { id } = (await created.json()) as { id: string };
  return { url: `${e.publicApiUrl}/api/specs/${id}`, headers };
}

/** `--compare-with <dir>`: GET /api/specs/{specId} here and there, alternating rounds. */
async function compare(other: string): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS || 7);
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'intello-bench-compare-'));
    dirs.push(dir);
    return dir;
  };
  const serveCommand = ['exec', '--', 'tsx', 'bench/local-stack.ts', '--serve'];
  const stacks: Array<{ label: string; started: Started }> = [];
  try {
    console.log(`starting this tree's stack and ${other}'s…`);
    stacks.push({ label: 'this tree', started: await startNpm(freshDir(), serveCommand) });
    const otherOut = path.join(other, 'bench', 'out', 'local-stack-cdk.out');
    stacks.push({ label: other, started: await startNpm(freshDir(), serveCommand, otherOut, other) });
    const targets = await Promise.all(stacks.map((s) => specUrl(s.started.endpoints)));
    for (const t of targets) await autocannon({ url: t.url, connections: 1, amount: 50, headers: t.headers });
    const p50s: number[][] = stacks.map(() => []);
    const means: number[][] = stacks.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [i, t] of targets.entries()) {
        const r = await autocannon({ url: t.url, connections: 1, duration: DURATION_SECONDS, headers: t.headers });
        if (r.non2xx > 0 || r.errors > 0)
          throw new Error(`${stacks[i]!.label}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        p50s[i]!.push(r.latency.p50);
        means[i]!.push(r.latency.average);
      }
    }
    console.log(`
GET /api/specs/{specId}, 1 connection, ${rounds} alternating rounds of ${DURATION_SECONDS} s`);
    console.log(`(load average ${loadavg()[0]!.toFixed(2)}, 2 cores shared)
`);
    console.log('| stack | p50 ms per round | median p50 ms | median mean ms |');
    console.log('|---|---|---:|---:|');
    for (const [i, s] of stacks.entries())
      console.log(`| ${s.label} | ${p50s[i]!.join(' ')} | ${median(p50s[i]!)} | ${median(means[i]!).toFixed(2)} |`);
    console.log(
      `
this tree / other: p50 ${(median(p50s[0]!) / median(p50s[1]!)).toFixed(2)}, mean ${(median(means[0]!) / median(means[1]!)).toFixed(2)}`,
    );
  } finally {
    for (const s of stacks) await stop(s.started.child);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

const compareWith = process.argv.indexOf('--compare-with');
(process.argv.includes('--serve')
  ? serve()
  : compareWith >= 0
    ? compare(path.resolve(process.argv[compareWith + 1]!))
    : main()
).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
