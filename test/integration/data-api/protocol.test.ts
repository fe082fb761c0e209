import { BeginTransactionCommand, ExecuteSqlCommand, ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import { backendCases, failure, startHarness, type Harness } from './harness';

describe.each(backendCases())('the local Data API protocol and errors on $name', (backendCase) => {
  let h: Harness;
  let table: string;

  beforeAll(async () => {
    h = await startHarness(backendCase);
    table = h.table('protocol');
    await h.execute(`CREATE TABLE ${table} (id int PRIMARY KEY, name text NOT NULL CHECK (name <> ''))`);
    await h.execute(`INSERT INTO ${table} VALUES (1, 'one')`);
  }, 60_000);
  afterAll(() => h?.close());

  describe('SQL errors', () => {
    it('answers DatabaseErrorException (400) with the message, detail and SQLState of a unique violation', async () => {
      const error = await failure(h.execute(`INSERT INTO ${table} VALUES (1, 'again')`));
      expect(error.name).toBe('DatabaseErrorException');
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect(error.message).toBe(
        `ERROR: duplicate key value violates unique constraint "${table}_pkey"; Detail: Key (id)=(1) already exists.; SQLState: 23505`,
      );
    });

    it('carries the position of a syntax error and the SQLState of a check violation', async () => {
      const syntax = await failure(h.execute('SELEC 1'));
      expect(syntax.message).toBe('ERROR: syntax error at or near "SELEC"; Position: 1; SQLState: 42601');
      const check = await failure(h.execute(`INSERT INTO ${table} VALUES (2, '')`));
      expect(check.message).toMatch(
        /^ERROR: new row for relation "[a-z0-9_]+" violates check constraint "[a-z0-9_]+"; Detail: Failing row contains \(2, \)\.; SQLState: 23514$/,
      );
    });
  });

  describe('the target of a call', () => {
    it('refuses another cluster ARN with AccessDeniedException (403), as IAM scoped to the cluster does', async () => {
      const error = await failure(
        h.client.send(
          new ExecuteStatementCommand({
            ...h.target,
            resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:other',
            sql: 'SELECT 1',
          }),
        ),
      );
      expect(error.name).toBe('AccessDeniedException');
      expect(error.$metadata?.httpStatusCode).toBe(403);
      expect(error.message).toContain(
        'is not authorized to perform: rds-data:* on resource: arn:aws:rds:us-east-1:000000000000:cluster:other',
      );
    });

    it('refuses another secret ARN with SecretsErrorException', async () => {
      const error = await failure(
        h.client.send(
          new BeginTransactionCommand({
            ...h.target,
            secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:nope',
          }),
        ),
      );
      expect(error.name).toBe('SecretsErrorException');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });

    it('refuses another database, and the schema member, as Aurora Serverless v2 does', async () => {
      const database = await failure(h.execute('SELECT 1', undefined, { database: 'other' }));
      expect(database.name).toBe('BadRequestException');
      expect(database.message).toBe('FATAL: database "other" does not exist; SQLState: 3D000');
      const schema = await failure(h.execute('SELECT 1', undefined, { schema: 'public' }));
      expect(schema.name).toBe('ValidationException');
    });

    it('accepts a call without database, meaning the default one', async () => {
      const result = await h.client.send(
        new ExecuteStatementCommand({
          resourceArn: h.target.resourceArn,
          secretArn: h.target.secretArn,
          sql: 'SELECT 1',
        }),
      );
      expect(result.records).toEqual([[{ longValue: 1 }]]);
    });

    it('answers ExecuteSql, which Serverless v2 does not support, with BadRequestException', async () => {
      const error = await failure(
        h.client.send(
          new ExecuteSqlCommand({
            dbClusterOrInstanceArn: h.target.resourceArn,
            awsSecretStoreArn: h.target.secretArn,
            sqlStatements: 'SELECT 1',
          }),
        ),
      );
      expect(error.name).toBe('BadRequestException');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });
  });

  describe('the wire', () => {
    const post = (
      path: string,
      body: string,
      headers: Record<string, string> = { authorization: 'AWS4-HMAC-SHA256 Credential=x' },
    ) =>
      fetch(`${h.server.url}${path}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      });

    it('answers errors with the x-amzn-ErrorType header, a request id and a {"message"} body', async () => {
      const response = await post('/Execute', JSON.stringify({ ...h.target, sql: 'SELECT 1; SELECT 2' }));
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
      expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await response.json()).toEqual({ message: "Multistatements aren't supported." });
    });

    it('refuses an unsigned call with MissingAuthenticationTokenException (403)', async () => {
      const response = await post('/Execute', JSON.stringify({ ...h.target, sql: 'SELECT 1' }), {});
      expect(response.status).toBe(403);
      expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    });

    it('accepts any signature: credentials are not verified', async () => {
      const response = await post('/Execute', JSON.stringify({ ...h.target, sql: 'SELECT 1 AS one' }), {
        authorization: 'AWS4-HMAC-SHA256 Signature=garbage',
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ records: [[{ longValue: 1 }]], numberOfRecordsUpdated: 0 });
    });

    it('writes 64-bit integers with every digit, beyond what a JavaScript number holds', async () => {
      const response = await post(
        '/Execute',
        JSON.stringify({ ...h.target, sql: 'SELECT 9223372036854775807::int8 AS big' }),
      );
      expect(await response.text()).toBe(
        '{"records":[[{"longValue":9223372036854775807}]],"numberOfRecordsUpdated":0}',
      );
    });

    it('reads a longValue past 2^53 without losing digits', async () => {
      const body = `{"resourceArn":"${h.target.resourceArn}","secretArn":"${h.target.secretArn}","sql":"SELECT :v::text AS v","parameters":[{"name":"v","value":{"longValue":9007199254740993}}]}`;
      const response = await post('/Execute', body);
      expect(await response.json()).toEqual({
        records: [[{ stringValue: '9007199254740993' }]],
        numberOfRecordsUpdated: 0,
      });
    });

    it('answers malformed JSON with BadRequestException and an unknown path with UnknownOperationException (404)', async () => {
      const malformed = await post('/Execute', '{"sql":');
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('x-amzn-errortype')).toBe('BadRequestException');
      const unknown = await post('/Nope', '{}');
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    });

    it('answers a body past the 4 MiB request limit with BadRequestException, and the connection still serves', async () => {
      const padding = 'x'.repeat(4 * 1024 * 1024);
      const response = await post('/Execute', JSON.stringify({ ...h.target, sql: `SELECT 1 -- ${padding}` }));
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toBe('BadRequestException');
      expect(await response.json()).toEqual({ message: 'Request size exceeds the limit of 4194304 bytes' });
      const next = await post('/Execute', JSON.stringify({ ...h.target, sql: 'SELECT 1 AS one' }));
      expect(next.status).toBe(200);
    });

    it('answers a missing sql with BadRequestException, never a 500', async () => {
      const response = await post('/Execute', JSON.stringify(h.target));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message: 'sql is required.' });
    });
  });
});
