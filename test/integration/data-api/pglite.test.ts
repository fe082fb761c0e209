import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BeginTransactionCommand, CommitTransactionCommand } from '@aws-sdk/client-rds-data';
import { failure, startHarness, type Harness } from './harness';

describe('the local Data API on PGlite, a single session', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ name: 'pglite', backend: { kind: 'pglite' } }, { sessionWaitTimeoutMs: 300 });
  }, 60_000);
  afterAll(() => h?.close());

  it('fails a call that waits too long for the session held by an open transaction with StatementTimeoutException, leaving the transaction usable', async () => {
    const { transactionId } = await h.client.send(new BeginTransactionCommand(h.target));
    const error = await failure(h.execute('SELECT 1'));
    expect(error.name).toBe('StatementTimeoutException');
    expect(error.message).toContain("waiting for PGlite's only session");
    await h.execute('SELECT 1', undefined, { transactionId });
    await h.client.send(
      new CommitTransactionCommand({ resourceArn: h.target.resourceArn, secretArn: h.target.secretArn, transactionId }),
    );
    await expect(h.execute('SELECT 1')).resolves.toMatchObject({ records: [[{ longValue: 1 }]] });
  });
});

describe('the local Data API on PGlite with a data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'data-api-pglite-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps committed rows across a restart and loses the uncommitted ones', async () => {
    const first = await startHarness({ name: 'pglite', backend: { kind: 'pglite', dataDir } });
    await first.execute('CREATE TABLE kept (name text)');
    await first.execute("INSERT INTO kept VALUES ('committed')");
    const { transactionId } = await first.client.send(new BeginTransactionCommand(first.target));
    await first.execute("INSERT INTO kept VALUES ('uncommitted')", undefined, { transactionId });
    await first.close();

    const second = await startHarness({ name: 'pglite', backend: { kind: 'pglite', dataDir } });
    try {
      const result = await second.execute('SELECT name FROM kept');
      expect(result.records).toEqual([[{ stringValue: 'committed' }]]);
    } finally {
      await second.close();
    }
  }, 90_000);
});
