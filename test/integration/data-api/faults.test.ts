import { DatabaseResumingException, ExecuteStatementCommand, ServiceUnavailableError } from '@aws-sdk/client-rds-data';
import { backendCases, failure, sdkClient, startHarness, type Harness } from './harness';

describe.each(backendCases())('the local Data API fault injection on $name', (backendCase) => {
  let h: Harness;
  let table: string;

  beforeAll(async () => {
    h = await startHarness(backendCase, { faultInjection: true });
    table = h.table('faults');
    await h.execute(`CREATE TABLE ${table} (n int)`);
  }, 60_000);
  afterEach(() => h.server.faults.clear());
  afterAll(() => h?.close());

  it('fails the next N calls with DatabaseResumingException (400), then answers normally', async () => {
    h.server.faults.inject({ error: 'DatabaseResumingException', count: 2 });
    for (let i = 0; i < 2; i += 1) {
      const error = await failure(h.execute(`INSERT INTO ${table} VALUES (1)`));
      expect(error).toBeInstanceOf(DatabaseResumingException);
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect(error.message).toContain('is resuming after being auto-paused');
    }
    await h.execute(`INSERT INTO ${table} VALUES (1)`);
    expect((await h.execute(`SELECT count(*) FROM ${table}`)).records).toEqual([[{ longValue: 1 }]]);
  });

  it.each([
    ['ThrottlingException', 400],
    ['ServiceUnavailableError', 503],
    ['InternalServerErrorException', 500],
    ['DatabaseUnavailableException', 504],
  ] as const)('answers an injected %s with status %i', async (name, status) => {
    h.server.faults.inject({ error: name });
    const error = await failure(h.execute('SELECT 1'));
    expect(error.name).toBe(name);
    expect(error.$metadata?.httpStatusCode).toBe(status);
    await expect(h.execute('SELECT 1')).resolves.toMatchObject({ records: [[{ longValue: 1 }]] });
  });

  it('lets the SDK retry injected 5xx errors by itself (default 3 attempts)', async () => {
    const retrying = sdkClient(h.server.url, 3);
    h.server.faults.inject({ error: 'ServiceUnavailableError', count: 2 });
    const result = await retrying.send(new ExecuteStatementCommand({ ...h.target, sql: 'SELECT 1' }));
    expect(result.$metadata.attempts).toBe(3);
    h.server.faults.inject({ error: 'ServiceUnavailableError', count: 3 });
    expect(await failure(retrying.send(new ExecuteStatementCommand({ ...h.target, sql: 'SELECT 1' })))).toBeInstanceOf(
      ServiceUnavailableError,
    );
    retrying.destroy();
  });

  it('fails every call for forMs, until cleared', async () => {
    h.server.faults.inject({ error: 'DatabaseResumingException', forMs: 60_000 });
    for (let i = 0; i < 3; i += 1)
      expect(await failure(h.execute('SELECT 1'))).toBeInstanceOf(DatabaseResumingException);
    h.server.faults.clear();
    await expect(h.execute('SELECT 1')).resolves.toMatchObject({ records: [[{ longValue: 1 }]] });
  });

  describe('the HTTP control endpoint', () => {
    const control = (method: string, body?: unknown) =>
      fetch(`${h.server.url}/_local/faults`, { method, body: body === undefined ? undefined : JSON.stringify(body) });

    it('injects with POST and clears with DELETE', async () => {
      expect((await control('POST', { error: 'DatabaseResumingException', count: 5 })).status).toBe(204);
      expect(await failure(h.execute('SELECT 1'))).toBeInstanceOf(DatabaseResumingException);
      expect((await control('DELETE')).status).toBe(204);
      await expect(h.execute('SELECT 1')).resolves.toMatchObject({ records: [[{ longValue: 1 }]] });
    });

    it('refuses a bad fault with 400 and the project error shape', async () => {
      const response = await control('POST', { error: 'NoSuchError' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          code: 'validation_failed',
          message: expect.stringContaining('error must be one of DatabaseResumingException'),
        },
      });
    });
  });
});

describe('the local Data API fault control when not enabled', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backendCases()[backendCases().length - 1]!);
  }, 60_000);
  afterAll(() => h?.close());

  it('answers 404 at /_local/faults and injects nothing', async () => {
    const response = await fetch(`${h.server.url}/_local/faults`, {
      method: 'POST',
      body: JSON.stringify({ error: 'ThrottlingException' }),
    });
    expect(response.status).toBe(404);
    await expect(h.execute('SELECT 1')).resolves.toMatchObject({ records: [[{ longValue: 1 }]] });
  });
});
