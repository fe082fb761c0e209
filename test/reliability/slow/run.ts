/**
 * `npm run test:reliability [-- --ci]`: the long reliability run against the local stack (in a
 * process of its own, as `npm start` runs it: its own embedded PostgreSQL, or a fresh database on the
 * server of `DATABASE_URL` when set):
 *
 * 1. warm-up: 4, then 16, then 64 connections, until every function has its environments
 *    (counted, not asserted: cold starts on a loaded machine can exceed Lambda's 10 s init limit);
 * 2. load: 64 connections of mixed traffic for 60 s (20 s with `--ci`): no 5xx, no wrong answer,
 *    resident memory of the stack growing less than 10 % from the end of the warm-up;
 * 3. database faults under load: a ~10 s resume storm, throttling, 503s and 500s from the Data
 *    API; every request succeeds or answers 503 `service_unavailable`; then the invariants;
 * 4. JWKS outage, key rotation during it and after it, under load.
 *
 * Prints one line per phase and a summary, writes `.local/reliability/last-run.json`, and exits
 * non-zero when any check failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../lib/lambda-function';
import { createHttpClient } from '../support/http-client';
import { checkInvariants, dataApiOf, type ExpectedOrg, type InvariantReport } from '../support/invariants';
import { runJwksScenario, type JwksReport } from './jwks-probe';
import { prepareWorld, runPhase, type PhaseResult } from './load-run';
import { startStackProcess } from './stack-control';
import { serverErrors } from './tally';

const ci = process.argv.includes('--ci') || process.env.RELIABILITY_CI === 'true';
for (const arg of process.argv.slice(2))
  if (arg !== '--ci') throw new Error(`unknown option ${arg} (the only option is --ci)`);

const CONNECTIONS = 64;
const LOAD_MS = ci ? 20_000 : 60_000;
const RSS_GROWTH_LIMIT = 0.1;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => Math.round(bytes / 1e6);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function summarize(result: PhaseResult): string {
  const { tally } = result;
  const classes = Object.entries(tally.byClass)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return `${result.name}: ${tally.requests} requests in ${(result.durationMs / 1000).toFixed(1)} s at ${result.connections} connections (${(tally.requests / (result.durationMs / 1000)).toFixed(1)} rps); ${classes}; wrong answers ${tally.problems}`;
}

async function main(): Promise<number> {
  const failures: string[] = [];
  const started = Date.now();
  console.log(
    `reliability run (${ci ? 'CI, ' : ''}load ${LOAD_MS / 1000} s at ${CONNECTIONS} connections); starting the stack…`,
  );
  const stack = await startStackProcess();
  console.log(`stack pid ${stack.pid} on ${stack.database}`);
  const phases: PhaseResult[] = [];
  let invariants: InvariantReport | undefined;
  let jwks: JwksReport | undefined;
  let rss: { baselineMb: number; finalMb: number; growth: number } | undefined;
  try {
    const world = await prepareWorld(stack, CONNECTIONS);
    const calm = () => ({ databaseFaults: false });
    const run = async (...args: Parameters<typeof runPhase>) => {
      const result = await runPhase(...args);
      phases.push(result);
      console.log(summarize(result));
      for (const sample of result.tally.samples.slice(0, 10)) console.log(`  ! ${sample}`);
      return result;
    };

    await run(world, { name: 'warm-up 4', durationMs: 10_000, connections: 4, rules: calm });
    await run(world, { name: 'warm-up 16', durationMs: 10_000, connections: 16, rules: calm });
    const warm = await run(world, {
      name: 'warm-up 64',
      durationMs: ci ? 20_000 : 30_000,
      connections: CONNECTIONS,
      rules: calm,
    });

    const load = await run(world, { name: 'load', durationMs: LOAD_MS, connections: CONNECTIONS, rules: calm });
    const tail = Math.max(3, Math.floor(load.rss.length / 10));
    const baseline = median(warm.rss.slice(-tail).map(([, bytes]) => bytes));
    const final = median(load.rss.slice(-tail).map(([, bytes]) => bytes));
    rss = { baselineMb: mb(baseline), finalMb: mb(final), growth: final / baseline - 1 };
    console.log(
      `RSS: ${rss.baselineMb} MB at the end of the warm-up, ${rss.finalMb} MB at the end of the load (${(rss.growth * 100).toFixed(1)} %)`,
    );
    if (Object.keys(serverErrors(load.tally)).length)
      failures.push(`load: 5xx answers ${JSON.stringify(serverErrors(load.tally))}`);
    if (load.tally.problems) failures.push(`load: ${load.tally.problems} wrong answers`);
    if (rss.growth >= RSS_GROWTH_LIMIT)
      failures.push(`load: RSS grew ${(rss.growth * 100).toFixed(1)} % (limit ${RSS_GROWTH_LIMIT * 100} %)`);

    let faulting = false;
    const inject = (fault: Parameters<typeof stack.control>[0]) => async () => {
      faulting = true;
      await stack.control(fault);
    };
    const faults = await run(world, {
      name: 'database faults',
      durationMs: 40_000,
      connections: CONNECTIONS,
      // 503 is allowed from the first injection until the phase ends (a request may still be
      // retrying when the faults stop).
      rules: () => ({ databaseFaults: faulting }),
      events: [
        {
          atMs: 5_000,
          name: 'resume storm: DatabaseResumingException for 10 s',
          run: inject({ op: 'inject', fault: { error: 'DatabaseResumingException', forMs: 10_000 } }),
        },
        {
          atMs: 20_000,
          name: 'throttling: ThrottlingException × 40',
          run: inject({ op: 'inject', fault: { error: 'ThrottlingException', count: 40 } }),
        },
        {
          atMs: 24_000,
          name: 'ServiceUnavailableError for 2 s',
          run: inject({ op: 'inject', fault: { error: 'ServiceUnavailableError', forMs: 2_000 } }),
        },
        {
          atMs: 28_000,
          name: 'InternalServerErrorException × 20, DatabaseUnavailableException × 20',
          run: async () => {
            await inject({ op: 'inject', fault: { error: 'InternalServerErrorException', count: 20 } })();
            await inject({ op: 'inject', fault: { error: 'DatabaseUnavailableException', count: 20 } })();
          },
        },
        { atMs: 34_000, name: 'faults cleared', run: () => stack.control({ op: 'clear-faults' }) },
      ],
    });
    for (const event of faults.events)
      console.log(
        `  @${(event.atMs / 1000).toFixed(1)} s ${event.name}${event.error ? ` FAILED: ${event.error}` : ''}`,
      );
    const faultErrors = Object.entries(serverErrors(faults.tally)).filter(
      ([klass]) => klass !== '503 service_unavailable',
    );
    if (faultErrors.length)
      failures.push(
        `database faults: 5xx other than 503 service_unavailable ${JSON.stringify(Object.fromEntries(faultErrors))}`,
      );
    if (faults.tally.problems) failures.push(`database faults: ${faults.tally.problems} wrong answers`);
    await stack.control({ op: 'clear-faults' });

    const expected = world.users.map((user) => user.expected()).filter((org): org is ExpectedOrg => org !== undefined);
    invariants = await checkInvariants(dataApiOf(stack.endpoints), expected);
    const inexact = world.users.filter((user) => !user.exact).length;
    if (inexact)
      console.log(
        `${inexact} clients saw a write with an unknown outcome (502/504): their specs are checked against refusals only`,
      );
    console.log(
      `invariants: ${invariants.users} users, ${invariants.orgs} orgs, ${invariants.specs} specs, ${expected.reduce((n, org) => n + org.specs.size, 0)} specs the clients were told exist; ${invariants.violations.length} violations`,
    );
    for (const violation of invariants.violations.slice(0, 10)) console.log(`  ! ${violation}`);
    if (invariants.violations.length) failures.push(`invariants: ${invariants.violations.length} violations`);

    const probeClient = createHttpClient({ connections: 2 });
    const jwksLoad = runPhase(world, {
      name: 'JWKS outage and key rotation',
      durationMs: 40_000,
      connections: CONNECTIONS,
      rules: calm,
    });
    await sleep(2_000);
    jwks = await runJwksScenario(stack, probeClient, world.users, { outageMs: 10_000 });
    const jwksPhase = await jwksLoad;
    phases.push(jwksPhase);
    probeClient.close();
    console.log(summarize(jwksPhase));
    for (const sample of jwksPhase.tally.samples.slice(0, 10)) console.log(`  ! ${sample}`);
    console.log(
      `JWKS: cached kid during the outage ${JSON.stringify(jwks.cachedKidDuringOutage)}; new kid during the outage ${JSON.stringify(jwks.newKidDuringOutage)}; recovered in ${jwks.recovery.seconds} s ${JSON.stringify(jwks.recovery.answers)}; rotation accepted in ${jwks.rotation.seconds} s ${JSON.stringify(jwks.rotation.answers)}; ${jwks.throttledProbes} probes throttled (429) and sent again`,
    );
    for (const problem of jwks.problems.slice(0, 10)) console.log(`  ! ${problem}`);
    if (jwks.problems.length) failures.push(`JWKS: ${jwks.problems.length} problems`);
    if (Object.keys(serverErrors(jwksPhase.tally)).length)
      failures.push(`JWKS phase load: 5xx answers ${JSON.stringify(serverErrors(jwksPhase.tally))}`);
    if (jwksPhase.tally.problems) failures.push(`JWKS phase load: ${jwksPhase.tally.problems} wrong answers`);
    const after = await checkInvariants(
      dataApiOf(stack.endpoints),
      world.users.map((user) => user.expected()).filter((org): org is ExpectedOrg => org !== undefined),
    );
    if (after.violations.length)
      failures.push(
        `invariants after the JWKS phase: ${after.violations.length} violations (${after.violations.slice(0, 3).join('; ')})`,
      );
  } finally {
    const stats = await stack.control<unknown>({ op: 'stats' }).catch(() => undefined);
    await stack.stop();
    const out = path.join(PROJECT_ROOT, '.local', 'reliability');
    mkdirSync(out, { recursive: true });
    const file = path.join(out, 'last-run.json');
    writeFileSync(
      file,
      `${JSON.stringify({ ci, database: stack.database, startedAt: new Date(started).toISOString(), phases: phases.map((p) => ({ ...p, tally: { ...p.tally } })), rss, invariants, jwks, stats, failures }, null, 2)}\n`,
    );
    console.log(`figures written to ${path.relative(PROJECT_ROOT, file)}`);
  }
  console.log(
    failures.length
      ? `FAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`
      : `passed in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
