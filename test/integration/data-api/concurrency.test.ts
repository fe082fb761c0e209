/**
 * Concurrency as on Aurora: every Data API transaction holds a PostgreSQL session of its own, so
 * calls of different clients interleave as sessions do, with row locks, waits and deadlocks.
 */
import { DatabaseErrorException, TransactionNotFoundException } from '@aws-sdk/client-rds-data';
import { failure, startHarness, str, type Harness } from './harness';

let h: Harness;
let table: string;
const setValue = (id: number, value: string, transactionId: string) =>
  h.execute(
    `UPDATE ${table} SET value = :value WHERE id = :id`,
    [str('value', value), { name: 'id', value: { longValue: id } }],
    { transactionId },
  );
const committedValue = async (id: number) =>
  (await h.execute(`SELECT value FROM ${table} WHERE id = :id`, [{ name: 'id', value: { longValue: id } }]))
    .records![0]![0]!.stringValue;
/** Resolves once PostgreSQL shows a session of this database waiting for a lock. */
async function someoneWaitsForALock(): Promise<void> {
  for (;;) {
    const { records } = await h.execute(
      "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (records![0]![0]!.longValue! > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  h = await startHarness({ name: 'postgres' });
  table = h.table('concurrency');
  await h.execute(`CREATE TABLE ${table} (id int PRIMARY KEY, value text NOT NULL)`);
}, 60_000);
beforeEach(() => h.execute(`TRUNCATE ${table}`));
beforeEach(() => h.execute(`INSERT INTO ${table} VALUES (1, 'first'), (2, 'second')`));
afterAll(() => h?.close());

describe('the local Data API with several clients at once', () => {
  it('answers a read outside a transaction at once while another transaction is open, with the committed state', async () => {
    const open = await h.begin();
    await setValue(1, 'uncommitted', open);

    expect(await committedValue(1)).toBe('first');

    await h.commit(open);
    expect(await committedValue(1)).toBe('uncommitted');
  });

  it('makes the second of two transactions updating the same row wait for the first, then proceed', async () => {
    const first = await h.begin();
    const second = await h.begin();
    await setValue(1, 'from first', first);
    let secondDone = false;
    const secondUpdate = setValue(1, 'from second', second).then((result) => {
      secondDone = true;
      return result;
    });

    await someoneWaitsForALock();
    expect(secondDone).toBe(false);
    await h.commit(first);

    expect((await secondUpdate).numberOfRecordsUpdated).toBe(1);
    await h.commit(second);
    expect(await committedValue(1)).toBe('from second');
  });

  it("answers a deadlock with PostgreSQL's error as DatabaseErrorException, ends that transaction, and lets the other commit", async () => {
    const a = await h.begin();
    const b = await h.begin();
    await setValue(1, 'a', a);
    await setValue(2, 'b', b);
    const aWaits = setValue(2, 'a', a);
    await someoneWaitsForALock();
    const settled = await Promise.allSettled([aWaits, setValue(1, 'b', b)]);

    const refused = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ error: s.reason as Error, i }] : []));
    expect(refused).toHaveLength(1);
    const { error, i } = refused[0]!;
    expect(error).toBeInstanceOf(DatabaseErrorException);
    expect((error as DatabaseErrorException).$metadata.httpStatusCode).toBe(400);
    expect(error.message).toMatch(
      /^ERROR: deadlock detected; Detail: Process \d+ waits for ShareLock on transaction \d+/,
    );
    expect(error.message).toMatch(/; SQLState: 40P01$/);

    const [loser, winner] = i === 0 ? [a, b] : [b, a];
    expect(await failure(h.commit(loser))).toBeInstanceOf(TransactionNotFoundException);
    await h.commit(winner);
    expect([await committedValue(1), await committedValue(2)]).toEqual(i === 0 ? ['b', 'b'] : ['a', 'a']);
  });
});
