import { BatchExecuteStatementCommand, type SqlParameter } from '@aws-sdk/client-rds-data';
import { backendCases, failure, startHarness, str, type Harness } from './harness';

describe.each(backendCases())('the local Data API BatchExecute on $name', (backendCase) => {
  let h: Harness;
  let table: string;
  const batch = (sql: string, parameterSets?: SqlParameter[][], transactionId?: string) =>
    h.client.send(new BatchExecuteStatementCommand({ ...h.target, sql, parameterSets, transactionId }));
  const count = async () => (await h.execute(`SELECT count(*) FROM ${table}`)).records![0]![0]!.longValue;

  beforeAll(async () => {
    h = await startHarness(backendCase);
    table = h.table('batch');
    await h.execute(`CREATE TABLE ${table} (id uuid PRIMARY KEY, n int8 NOT NULL)`);
  }, 60_000);
  beforeEach(() => h.execute(`DELETE FROM ${table}`));
  afterAll(() => h?.close());

  const row = (id: string, n: number): SqlParameter[] => [
    str('id', id, 'UUID'),
    { name: 'n', value: { longValue: n } },
  ];
  const ids = [
    '00000000-0000-4000-8000-000000000001',
    '00000000-0000-4000-8000-000000000002',
    '00000000-0000-4000-8000-000000000003',
  ];

  it('runs the statement once per parameter set and answers one empty generatedFields per set', async () => {
    const result = await batch(
      `INSERT INTO ${table} (id, n) VALUES (:id, :n)`,
      ids.map((id, i) => row(id, i)),
    );
    expect(result.updateResults).toEqual([{ generatedFields: [] }, { generatedFields: [] }, { generatedFields: [] }]);
    expect(await count()).toBe(3);
  });

  it('never returns RETURNING values', async () => {
    const result = await batch(`INSERT INTO ${table} (id, n) VALUES (:id, :n) RETURNING n`, [row(ids[0]!, 7)]);
    expect(result.updateResults).toEqual([{ generatedFields: [] }]);
  });

  it('applies nothing when one set fails outside a transaction, answering the SQL error', async () => {
    const error = await failure(
      batch(`INSERT INTO ${table} (id, n) VALUES (:id, :n)`, [row(ids[0]!, 1), row(ids[0]!, 2)]),
    );
    expect(error.name).toBe('DatabaseErrorException');
    expect(error.message).toContain('SQLState: 23505');
    expect(await count()).toBe(0);
  });

  it('runs inside a transaction and commits with it', async () => {
    const transactionId = await h.begin();
    await batch(`INSERT INTO ${table} (id, n) VALUES (:id, :n)`, [row(ids[0]!, 1), row(ids[1]!, 2)], transactionId);
    await h.commit(transactionId);
    expect(await count()).toBe(2);
  });

  it('rejects array parameters and several statements as ExecuteStatement does', async () => {
    const arrays = await failure(batch('SELECT :a', [[{ name: 'a', value: { arrayValue: { stringValues: ['x'] } } }]]));
    expect(arrays.name).toBe('ValidationException');
    const multi = await failure(batch(`DELETE FROM ${table}; SELECT 1`));
    expect(multi.name).toBe('ValidationException');
  });
});
