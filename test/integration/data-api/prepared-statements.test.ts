/**
 * The emulator runs a statement it has seen before under a name, planned once per connection
 * (local/data-api/prepared-statements.ts). A named `SELECT *` must still answer the table's
 * columns as they are now, whoever changed them.
 */
import { BatchExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import pg from 'pg';
import { fileDatabase } from '../../support/test-data-api';
import { startHarness, str, type Harness } from './harness';

let h: Harness;
let table: string;
const columnsOf = async (sql: string) =>
  (await h.execute(sql, undefined, { includeResultMetadata: true })).columnMetadata!.map((column) => column.name);
/** `ALTER TABLE … ADD COLUMN b` on the database itself, not through the emulator. */
const addColumnDirectly = async () => {
  const direct = new pg.Client({ connectionString: fileDatabase().url });
  await direct.connect();
  try {
    await direct.query(`ALTER TABLE ${table} ADD COLUMN b int DEFAULT 2`);
  } finally {
    await direct.end();
  }
};
/** Three runs: the first unnamed, the next two under the statement's name. */
const runThrice = async (sql: string) => {
  for (let i = 0; i < 3; i += 1) await h.execute(sql);
};

beforeAll(async () => {
  h = await startHarness({ name: 'postgres' });
}, 60_000);
beforeEach(async () => {
  table = h.table('prepared');
  await h.execute(`CREATE TABLE ${table} (a int)`);
  await h.execute(`INSERT INTO ${table} VALUES (1)`);
});
afterAll(() => h?.close());

describe('repeated statements through the local Data API', () => {
  it('answers the new columns of a repeated SELECT * after an ALTER TABLE through the emulator', async () => {
    await runThrice(`SELECT * FROM ${table}`);
    await h.execute(`ALTER TABLE ${table} ADD COLUMN b int DEFAULT 2`);
    expect(await columnsOf(`SELECT * FROM ${table}`)).toEqual(['a', 'b']);
    expect((await h.execute(`SELECT * FROM ${table}`)).records).toEqual([[{ longValue: 1 }, { longValue: 2 }]]);
  });

  it('answers the new columns after an ALTER TABLE made on the database directly, not through the emulator', async () => {
    await runThrice(`SELECT * FROM ${table}`);
    await addColumnDirectly();
    expect((await h.execute(`SELECT * FROM ${table}`)).records).toEqual([[{ longValue: 1 }, { longValue: 2 }]]);
    expect(await columnsOf(`SELECT * FROM ${table}`)).toEqual(['a', 'b']);
  });

  it('runs a repeated INSERT once per call, even when its plan went stale', async () => {
    const insert = `INSERT INTO ${table} (a) VALUES (CAST(:a AS int)) RETURNING *`;
    for (let i = 0; i < 3; i += 1) await h.execute(insert, [str('a', '5')]);
    await addColumnDirectly();
    expect((await h.execute(insert, [str('a', '6')])).records).toEqual([[{ longValue: 6 }, { longValue: 2 }]]);
    expect((await h.execute(`SELECT count(*) FROM ${table} WHERE a = 6`)).records).toEqual([[{ longValue: 1 }]]);
  });

  it('runs a repeated BatchExecute after an ALTER TABLE made on the database directly', async () => {
    const batch = () =>
      h.client.send(
        new BatchExecuteStatementCommand({
          ...h.target,
          sql: `UPDATE ${table} SET a = a WHERE a = CAST(:a AS int) RETURNING *`,
          parameterSets: [[str('a', '1')], [str('a', '2')]],
        }),
      );
    for (let i = 0; i < 3; i += 1) await batch();
    await addColumnDirectly();
    await expect(batch()).resolves.toMatchObject({ updateResults: [{}, {}] });
    await expect(batch()).resolves.toMatchObject({ updateResults: [{}, {}] });
  });

  it('shows a column added in a transaction to a repeated statement once the transaction commits', async () => {
    await runThrice(`SELECT * FROM ${table}`);
    const transactionId = await h.begin();
    await h.execute(`ALTER TABLE ${table} ADD COLUMN b int DEFAULT 2`, undefined, { transactionId });
    await h.commit(transactionId);
    expect(await columnsOf(`SELECT * FROM ${table}`)).toEqual(['a', 'b']);
  });
});
