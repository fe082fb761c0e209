import { randomUUID } from 'node:crypto';
import { ExecuteStatementCommand, type SqlParameter, TransactionNotFoundException } from '@aws-sdk/client-rds-data';
import { LOCAL_ROLE_SECRET_ARNS } from '../../../local/data-api/secret-roles';
import { backendCases, failure, logged, startHarness, str, type Harness } from './harness';

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

describe.each(backendCases())('the local Data API statement timeout on $name', (backendCase) => {
  let h: Harness;
  let table: string;
  const count = async () => (await h.execute(`SELECT count(*) FROM ${table}`)).records![0]![0]!.longValue;
  // The sleep has to outlast the (shortened) timeout; nothing asserts on elapsed time.
  const slowInsert = (tag: string) => `INSERT INTO ${table} SELECT '${tag}' FROM pg_sleep(1.5)`;

  beforeAll(async () => {
    h = await startHarness(backendCase, { statementTimeoutMs: 300 });
    table = h.table('timeout');
    await h.execute(`CREATE TABLE ${table} (tag text)`);
  }, 60_000);
  beforeEach(() => h.execute(`DELETE FROM ${table}`));
  afterAll(() => h?.close());

  it('answers StatementTimeoutException (400) when a statement outlives the timeout', async () => {
    const error = await failure(h.execute('SELECT pg_sleep(1.5)'));
    expect(error.name).toBe('StatementTimeoutException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe('The statement timed out after 0.3 seconds.');
  });

  it('lets the statement finish when continueAfterTimeout is set', async () => {
    const error = await failure(h.execute(slowInsert('continued'), undefined, { continueAfterTimeout: true }));
    expect(error.message).toBe(
      'The statement timed out after 0.3 seconds. It continues to run (continueAfterTimeout).',
    );
    while ((await count()) === 0) await pause();
    expect(await count()).toBe(1);
  });

  it('ends the transaction of a timed-out statement without continueAfterTimeout, keeping nothing', async () => {
    const transactionId = await h.begin();
    const mark = h.logs.length;
    const error = await failure(h.execute(slowInsert('in-transaction'), undefined, { transactionId }));
    expect(error.name).toBe('StatementTimeoutException');
    await logged(h, (line) => line.event === 'transaction_aborted' && line.transactionId === transactionId, {
      after: mark,
    });
    expect(await failure(h.execute('SELECT 1', undefined, { transactionId }))).toBeInstanceOf(
      TransactionNotFoundException,
    );
    expect(await count()).toBe(0);
  });

  if (backendCase.name === 'postgres') {
    it('cancels an autocommit statement without continueAfterTimeout (PostgreSQL)', async () => {
      await failure(h.execute(slowInsert('cancelled')));
      const stillRunning = async () =>
        (
          await h.execute(
            `SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%''cancelled''%' AND pid <> pg_backend_pid()`,
          )
        ).records![0]![0]!.longValue;
      while ((await stillRunning()) !== 0) await pause();
      expect(await count()).toBe(0);
    });

    it("cancels a role secret's statement while the pooled connections are under that role (PostgreSQL)", async () => {
      const asApp = (sql: string, parameters?: SqlParameter[]) =>
        h.client.send(
          new ExecuteStatementCommand({ ...h.target, secretArn: LOCAL_ROLE_SECRET_ARNS.intello_app, sql, parameters }),
        );
      // Two connections left idle under the application role: the cancel borrows one of them.
      await Promise.all([asApp('SELECT 1'), asApp('SELECT 1')]);
      const id = randomUUID();
      const error = await failure(
        asApp("INSERT INTO orgs (id, name) SELECT CAST(:id AS uuid), 'cancelled' FROM pg_sleep(1.5)", [str('id', id)]),
      );
      expect(error.name).toBe('StatementTimeoutException');
      const stillRunning = async () =>
        (
          await h.execute(
            `SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%''cancelled''%' AND pid <> pg_backend_pid()`,
          )
        ).records![0]![0]!.longValue;
      while ((await stillRunning()) !== 0) await pause();
      const rows = await h.execute('SELECT count(*) FROM orgs WHERE id = CAST(:id AS uuid)', [str('id', id)]);
      expect(rows.records).toEqual([[{ longValue: 0 }]]);
    });
  }
});
