import { startHarness, type Harness } from './harness';

let h: Harness;
let table: string;
const nullable = async (transactionId?: string) =>
  (
    await h.execute(`SELECT name FROM ${table}`, undefined, {
      includeResultMetadata: true,
      ...(transactionId ? { transactionId } : {}),
    })
  ).columnMetadata![0]!.nullable;

beforeAll(async () => {
  h = await startHarness({ name: 'postgres' });
}, 60_000);
beforeEach(async () => {
  table = h.table('ddl');
  await h.execute(`CREATE TABLE ${table} (name text)`);
});
afterAll(() => h?.close());

describe('columnMetadata after DDL through the local Data API', () => {
  it('follows an ALTER TABLE made outside a transaction', async () => {
    expect(await nullable()).toBe(1);
    await h.execute(`ALTER TABLE ${table} ALTER COLUMN name SET NOT NULL`);
    expect(await nullable()).toBe(0);
  });

  // Others cannot read the table meanwhile: ALTER TABLE holds an ACCESS EXCLUSIVE lock until the end.
  it('shows an ALTER TABLE inside a transaction to that transaction at once and to others once it commits', async () => {
    expect(await nullable()).toBe(1);
    const transactionId = await h.begin();
    await h.execute(`ALTER TABLE ${table} ALTER COLUMN name SET NOT NULL`, undefined, { transactionId });
    expect(await nullable(transactionId)).toBe(0);
    await h.commit(transactionId);
    expect(await nullable()).toBe(0);
  });
});
