import { RDSDataServiceException } from '@aws-sdk/client-rds-data';
import { backendCases, failure, startHarness, str, type Harness } from './harness';

describe.each(backendCases())('the local Data API binding parameters on $name', (backendCase) => {
  let h: Harness;
  let table: string;

  beforeAll(async () => {
    h = await startHarness(backendCase);
    table = h.table('params');
    await h.execute(
      `CREATE TABLE ${table} (id uuid PRIMARY KEY, amount numeric(10,2), at timestamptz, day date, note text, payload jsonb, data bytea)`,
    );
  }, 60_000);
  afterAll(() => h?.close());

  describe('stringValue, bound as text as AWS binds it', () => {
    it('fails a comparison with a uuid column with 42883 when there is no typeHint', async () => {
      const error = await failure(
        h.execute(`SELECT * FROM ${table} WHERE id = :id`, [str('id', '6f1c0e2a-3c1e-4d7b-9a55-1f0a2b3c4d5e')]),
      );
      expect(error.name).toBe('DatabaseErrorException');
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect(error.message).toMatch(
        /^ERROR: operator does not exist: uuid = text; Hint: No operator matches the given name and argument types\. You might need to add explicit type casts\.; Position: \d+; SQLState: 42883$/,
      );
    });

    it('fails an insert into a uuid column with 42804 when there is no typeHint', async () => {
      const error = await failure(
        h.execute(`INSERT INTO ${table} (id) VALUES (:id)`, [str('id', '6f1c0e2a-3c1e-4d7b-9a55-1f0a2b3c4d5e')]),
      );
      expect(error.message).toMatch(
        /^ERROR: column "id" is of type uuid but expression is of type text; .*SQLState: 42804$/,
      );
    });

    it('fails an insert into numeric and timestamptz columns without a typeHint', async () => {
      const numeric = await failure(
        h.execute(`INSERT INTO ${table} (id, amount) VALUES (gen_random_uuid(), :a)`, [str('a', '1.50')]),
      );
      expect(numeric.message).toContain('column "amount" is of type numeric but expression is of type text');
      const timestamp = await failure(
        h.execute(`INSERT INTO ${table} (id, at) VALUES (gen_random_uuid(), :t)`, [str('t', '2024-01-02 03:04:05')]),
      );
      expect(timestamp.message).toContain(
        'column "at" is of type timestamp with time zone but expression is of type text',
      );
    });

    it('binds as uuid, numeric, timestamp, date and json with the matching typeHint', async () => {
      const id = '0b0e8f5e-5d0c-4a4f-8d0e-3e1c2b3a4d5f';
      await h.execute(
        `INSERT INTO ${table} (id, amount, at, day, payload) VALUES (:id, :amount, :at, :day, :payload)`,
        [
          str('id', id, 'UUID'),
          str('amount', '12.50', 'DECIMAL'),
          str('at', '2024-01-02 03:04:05.678', 'TIMESTAMP'),
          str('day', '2024-02-29', 'DATE'),
          str('payload', '{"a": [1, 2]}', 'JSON'),
        ],
      );
      const result = await h.execute(`SELECT amount, at, day, payload FROM ${table} WHERE id = :id`, [
        str('id', id, 'UUID'),
      ]);
      expect(result.records).toEqual([
        [
          { stringValue: '12.50' },
          { stringValue: '2024-01-02 03:04:05.678' },
          { stringValue: '2024-02-29' },
          { stringValue: '{"a": [1, 2]}' },
        ],
      ]);
    });

    it('binds a TIME typeHint as time', async () => {
      const result = await h.execute('SELECT pg_typeof(:t)::text, :t::text', [str('t', '13:14:15.5', 'TIME')]);
      expect(result.records).toEqual([[{ stringValue: 'time without time zone' }, { stringValue: '13:14:15.5' }]]);
    });

    it('binds a JSON typeHint as json, so comparing it with jsonb needs a cast as on AWS', async () => {
      const error = await failure(h.execute(`SELECT * FROM ${table} WHERE payload = :p`, [str('p', '{}', 'JSON')]));
      expect(error.message).toContain('operator does not exist: jsonb = json');
      const cast = await h.execute(`SELECT :p::jsonb = '{"a": [1, 2]}'::jsonb AS same`, [
        str('p', '{"a":[1,2]}', 'JSON'),
      ]);
      expect(cast.records).toEqual([[{ booleanValue: true }]]);
    });

    it('accepts an explicit cast in the SQL instead of a typeHint', async () => {
      const result = await h.execute(`SELECT count(*) FROM ${table} WHERE id = :id::uuid`, [
        str('id', '0b0e8f5e-5d0c-4a4f-8d0e-3e1c2b3a4d5f'),
      ]);
      expect(result.records).toEqual([[{ longValue: 1 }]]);
    });

    it('refuses a TIMESTAMP typeHint whose value is not YYYY-MM-DD HH:MM:SS[.FFF]', async () => {
      const error = await failure(h.execute('SELECT :t', [str('t', '2024-01-02T03:04:05Z', 'TIMESTAMP')]));
      expect(error.name).toBe('BadRequestException');
      expect(error.message).toBe(
        'Invalid TIMESTAMP value for parameter t: "2024-01-02T03:04:05Z". Expected YYYY-MM-DD HH:MM:SS[.FFF].',
      );
    });
  });

  describe('the other value fields', () => {
    it('binds longValue as int8, doubleValue as float8 and booleanValue as bool', async () => {
      const result = await h.execute(
        'SELECT pg_typeof(:l)::text, pg_typeof(:d)::text, pg_typeof(:b)::text, :l, :d, :b',
        [
          { name: 'l', value: { longValue: 9007199254740991 } },
          { name: 'd', value: { doubleValue: 0.1 } },
          { name: 'b', value: { booleanValue: true } },
        ],
      );
      expect(result.records).toEqual([
        [
          { stringValue: 'bigint' },
          { stringValue: 'double precision' },
          { stringValue: 'boolean' },
          { longValue: 9007199254740991 },
          { doubleValue: 0.1 },
          { booleanValue: true },
        ],
      ]);
    });

    it('binds blobValue as bytea and returns the same bytes', async () => {
      const bytes = new Uint8Array([0, 1, 2, 254, 255]);
      const result = await h.execute('SELECT pg_typeof(:b)::text, :b', [{ name: 'b', value: { blobValue: bytes } }]);
      expect(result.records?.[0]?.[0]).toEqual({ stringValue: 'bytea' });
      expect(Buffer.from(result.records![0]![1]!.blobValue!)).toEqual(Buffer.from(bytes));
    });

    it('binds isNull as an untyped NULL that fits any column', async () => {
      const id = '1b0e8f5e-5d0c-4a4f-8d0e-3e1c2b3a4d5f';
      await h.execute(`INSERT INTO ${table} (id, amount, at, payload) VALUES (:id, :n, :n, :n)`, [
        str('id', id, 'UUID'),
        { name: 'n', value: { isNull: true } },
      ]);
      const result = await h.execute(`SELECT amount, at, payload FROM ${table} WHERE id = :id`, [
        str('id', id, 'UUID'),
      ]);
      expect(result.records).toEqual([[{ isNull: true }, { isNull: true }, { isNull: true }]]);
    });

    it('rejects array parameters with ValidationException', async () => {
      const error = await failure(
        h.execute('SELECT :a', [{ name: 'a', value: { arrayValue: { longValues: [1, 2] } } }]),
      );
      // Not modelled by the SDK: it arrives as the generic service exception named after the header.
      expect(error).toBeInstanceOf(RDSDataServiceException);
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe('Array parameters are not supported.');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });
  });

  describe('named placeholders', () => {
    it('leaves ::casts, quoted strings and identifiers, comments and dollar-quoted bodies alone', async () => {
      const result = await h.execute(
        `SELECT :v::int + 1 AS "odd:name", ':v' AS quoted, $body$ :v $body$ AS dollar /* :v */ -- :v
         , E'\\':v' AS escaped`,
        [{ name: 'v', value: { longValue: 41 } }],
        { includeResultMetadata: true },
      );
      expect(result.records).toEqual([
        [{ longValue: 42 }, { stringValue: ':v' }, { stringValue: ' :v ' }, { stringValue: "':v" }],
      ]);
      expect(result.columnMetadata?.[0]?.name).toBe('odd:name');
    });

    it('binds a name used twice to the same value at each place', async () => {
      const result = await h.execute('SELECT :x || :x', [str('x', 'ab')]);
      expect(result.records).toEqual([[{ stringValue: 'abab' }]]);
    });

    it('rejects several statements in one call with ValidationException', async () => {
      const error = await failure(h.execute(`SELECT 1; DELETE FROM ${table}`));
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe("Multistatements aren't supported.");
      const rows = await h.execute(`SELECT count(*) FROM ${table}`);
      expect(rows.records?.[0]?.[0]?.longValue).toBeGreaterThan(0);
    });

    it('accepts one statement with a trailing semicolon and a semicolon inside a string', async () => {
      const result = await h.execute("SELECT 'a;b' AS s;");
      expect(result.records).toEqual([[{ stringValue: 'a;b' }]]);
    });

    it('answers BadRequestException when a placeholder has no parameter', async () => {
      const error = await failure(h.execute('SELECT :missing'));
      expect(error.name).toBe('BadRequestException');
      expect(error.message).toBe('No value specified for parameter: missing');
    });
  });
});
