/**
 * A job that keeps calling the API for over a minute while tokens live 6 s: every call must
 * succeed, no call may carry an expired token, and the refresh count must follow the lifetime.
 *
 * Two minutes with its stack, so it is out of the default `npm test`:
 * `npm run test:client-long-job` runs it (it sets CLIENT_LONG_JOB=1).
 */
import type { IntelloClient, IntelloClientEvent } from '../../../client';
import {
  newMachineAccount,
  signIn,
  START_TIMEOUT_MS,
  startClientStack,
  wireRecorder,
  type ClientStack,
} from './harness';

const TTL_SECONDS = 6;
const JOB_MS = 62_000;
const WORKERS = 3;
const describeLongJob = process.env.CLIENT_LONG_JOB === '1' ? describe : describe.skip;

/** One worker's loop: a spec's whole life, over and over, until the deadline. */
async function worker(client: IntelloClient, index: number, deadline: number, failures: unknown[]): Promise<number> {
  let calls = 0;
  for (let round = 0; Date.now() < deadline; round += 1) {
    const steps: Array<() => Promise<unknown>> = [];
    let specId = '';
    steps.push(async () => (specId = (await client.specs.create({ name: `job ${index}.${round}` })).id));
    steps.push(() => client.specs.get(specId));
    steps.push(() => client.specs.update(specId, { sourceUrl: `https://example.com/${index}/${round}.json` }));
    steps.push(() => client.specs.list({ limit: 5 }));
    steps.push(() => client.me());
    steps.push(() => client.specs.delete(specId));
    for (const step of steps) {
      try {
        calls += 1;
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
  }
  return calls;
}

describeLongJob('a long job with 6 s tokens', () => {
  let stack: ClientStack;

  beforeAll(async () => {
    stack = await startClientStack({ ttlSeconds: TTL_SECONDS });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.stop();
  });

  it(
    'runs over a minute with zero failed calls and one refresh per 80 % of the token lifetime',
    async () => {
      const wire = wireRecorder(stack.endpoints.publicApiUrl);
      const events: IntelloClientEvent[] = [];
      const client = await signIn(stack, await newMachineAccount(stack), wire, { onEvent: (e) => events.push(e) });
      const failures: unknown[] = [];

      const started = Date.now();
      const calls = await Promise.all(
        Array.from({ length: WORKERS }, (_, i) => worker(client, i, started + JOB_MS, failures)),
      );
      const elapsedSeconds = (Date.now() - started) / 1000;
      const refreshes = client.stats.refreshes;
      const expected = elapsedSeconds / (0.8 * TTL_SECONDS);
      // The jitter spreads each refresh over 75–85 % of the lifetime; one more or less for the ends of the run.
      const fewest = Math.floor(elapsedSeconds / (0.85 * TTL_SECONDS)) - 1;
      const most = Math.ceil(elapsedSeconds / (0.75 * TTL_SECONDS)) + 1;
      console.log(
        `long job: ${calls.reduce((a, b) => a + b, 0)} calls in ${elapsedSeconds.toFixed(1)} s by ${WORKERS} workers, ` +
          `${refreshes} refreshes (expected ≈ ${expected.toFixed(1)}, accepted ${fewest}–${most}), ${failures.length} failures, stats ${JSON.stringify(client.stats)}`,
      );

      expect(failures).toEqual([]);
      expect(elapsedSeconds).toBeGreaterThanOrEqual(60);
      expect(wire.sentExpired).toEqual([]);
      expect(client.stats).toMatchObject({ tokenRejections: 0, syncs: 1 });
      expect(wire.refreshes).toBe(refreshes);
      expect(refreshes).toBeGreaterThanOrEqual(fewest);
      expect(refreshes).toBeLessThanOrEqual(most);
      expect(events.filter((e) => e.type === 'refreshed')).toHaveLength(refreshes);
    },
    JOB_MS + 60_000,
  );
});
