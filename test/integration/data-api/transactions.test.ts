import {
  ExecuteStatementCommand,
  RollbackTransactionCommand,
  TransactionNotFoundException,
} from '@aws-sdk/client-rds-data';
import {
  autocommitCallStarted,
  backendCases,
  failure,
  logged,
  sdkClient,
  startHarness,
  str,
  type Harness,
} from './harness';

describe.each(backendCases())('the local Data API transactions on $name', (backendCase) => {
  let h: Harness;
  let table: string;
  const rollback = (transactionId: string) =>
    h.client.send(
      new RollbackTransactionCommand({
        resourceArn: h.target.resourceArn,
        secretArn: h.target.secretArn,
        transactionId,
      }),
    );
  const insert = (name: string, transactionId?: string) =>
    h.execute(
      `INSERT INTO ${table} (name) VALUES (:name)`,
      [str('name', name)],
      transactionId ? { transactionId } : {},
    );
  const names = async () =>
    (await h.execute(`SELECT name FROM ${table} ORDER BY name`)).records!.map((r) => r[0]!.stringValue);

  beforeAll(async () => {
    // A short idle timeout keeps the expiry test quick; no other test leaves a transaction idle this long.
    h = await startHarness(backendCase, { transactionIdleTimeoutMs: 2_000 });
    table = h.table('tx');
    await h.execute(`CREATE TABLE ${table} (name text PRIMARY KEY)`);
  }, 60_000);
  beforeEach(() => h.execute(`DELETE FROM ${table}`));
  afterAll(() => h?.close());

  it('commits what a transaction wrote, answering "Transaction Committed"', async () => {
    const id = await h.begin();
    expect(id.length).toBeLessThanOrEqual(192);
    await insert('kept', id);
    expect((await h.commit(id)).transactionStatus).toBe('Transaction Committed');
    expect(await names()).toEqual(['kept']);
  });

  it('rolls back what a transaction wrote, answering "Rollback Complete"', async () => {
    const id = await h.begin();
    await insert('dropped', id);
    expect((await rollback(id)).transactionStatus).toBe('Rollback Complete');
    expect(await names()).toEqual([]);
  });

  it('answers TransactionNotFoundException (404) for an unknown transaction id', async () => {
    const error = await failure(insert('x', 'AQC5SRDIm3dGbHlvdUFSTjpjZGQ='));
    expect(error).toBeInstanceOf(TransactionNotFoundException);
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(error.message).toBe('Transaction AQC5SRDIm3dGbHlvdUFSTjpjZGQ= is not found');
  });

  it('answers TransactionNotFoundException for a transaction already committed or rolled back', async () => {
    const committed = await h.begin();
    await h.commit(committed);
    expect(await failure(insert('late', committed))).toBeInstanceOf(TransactionNotFoundException);
    expect(await failure(h.commit(committed))).toBeInstanceOf(TransactionNotFoundException);
    const rolledBack = await h.begin();
    await rollback(rolledBack);
    expect(await failure(rollback(rolledBack))).toBeInstanceOf(TransactionNotFoundException);
  });

  it('ends a transaction at its first SQL error: later calls get TransactionNotFoundException and nothing is kept', async () => {
    const id = await h.begin();
    await insert('before', id);
    const error = await failure(insert('before', id));
    expect(error.name).toBe('DatabaseErrorException');
    expect(error.message).toContain('SQLState: 23505');
    expect(await failure(insert('after', id))).toBeInstanceOf(TransactionNotFoundException);
    expect(await failure(h.commit(id))).toBeInstanceOf(TransactionNotFoundException);
    expect(await names()).toEqual([]);
  });

  it('rolls back a transaction left idle past the timeout', async () => {
    const id = await h.begin();
    await insert('abandoned', id);
    await logged(h, (line) => line.event === 'transaction_expired' && line.transactionId === id);
    expect(await failure(insert('late', id))).toBeInstanceOf(TransactionNotFoundException);
    expect(await names()).toEqual([]);
  });

  it('refuses a second call inside a transaction while one runs: "Transaction is still running a query"', async () => {
    const id = await h.begin();
    const slow = h.execute('SELECT pg_sleep(3)', undefined, { transactionId: id });
    await logged(h, (line) => line.event === 'data_api_call_started' && line.transactionId === id);
    const concurrent = await failure(insert('second', id));
    expect(concurrent.name).toBe('DatabaseErrorException');
    expect(concurrent.message).toBe('Transaction is still running a query');
    const early = await failure(h.commit(id));
    expect(early.message).toBe('Transaction is still running a query');
    await slow;
    await insert('third', id);
    await h.commit(id);
    expect(await names()).toEqual(['third']);
  });

  describe('isolation between clients', () => {
    it("never runs another client's autocommit statement inside an open transaction, nor shows it uncommitted rows", async () => {
      const other = sdkClient(h.server.url);
      const id = await h.begin();
      await insert('a-uncommitted', id);
      const mark = h.logs.length;
      const otherInsert = other.send(
        new ExecuteStatementCommand({ ...h.target, sql: `INSERT INTO ${table} (name) VALUES ('b-autocommit')` }),
      );
      const otherRead = other.send(
        new ExecuteStatementCommand({ ...h.target, sql: `SELECT count(*) FROM ${table} WHERE name = 'a-uncommitted'` }),
      );
      await logged(h, autocommitCallStarted, { after: mark, count: 2 });
      await rollback(id);
      await otherInsert;
      expect((await otherRead).records).toEqual([[{ longValue: 0 }]]);
      expect(await names()).toEqual(['b-autocommit']);
      other.destroy();
    });

    it('completes many concurrent transactions, each applied exactly once', async () => {
      await insert('counter');
      await h.execute(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS n int NOT NULL DEFAULT 0`);
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const id = await h.begin();
          await h.execute(`UPDATE ${table} SET n = n + 1 WHERE name = 'counter'`, undefined, { transactionId: id });
          await h.commit(id);
        }),
      );
      const result = await h.execute(`SELECT n FROM ${table} WHERE name = 'counter'`);
      expect(result.records).toEqual([[{ longValue: 20 }]]);
    });

    it('answers HTTP while a long statement is still running', async () => {
      const mark = h.logs.length;
      const answered: string[] = [];
      const slow = h.execute('SELECT pg_sleep(3)').then(() => answered.push('statement'));
      await logged(h, autocommitCallStarted, { after: mark });
      const health = await fetch(`${h.server.url}/_local/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      answered.push('health');
      // The server logs a call when it answers it: the statement's call is not logged yet.
      expect(h.logs.slice(mark).filter((line) => line.event === 'data_api_call')).toEqual([]);
      await slow;
      expect(answered).toEqual(['health', 'statement']);
    });
  });
});
