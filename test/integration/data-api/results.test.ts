import { backendCases, failure, startHarness, str, type Harness } from './harness';

describe.each(backendCases())('the local Data API returning results on $name', (backendCase) => {
  let h: Harness;
  let table: string;
  let mood: string;

  beforeAll(async () => {
    h = await startHarness(backendCase);
    table = h.table('results');
    mood = h.table('mood');
    await h.execute(`CREATE TYPE ${mood} AS ENUM ('happy', 'sad')`);
    await h.execute(
      `CREATE TABLE ${table} (n serial PRIMARY KEY, id uuid NOT NULL DEFAULT gen_random_uuid(), name varchar(40) NOT NULL, price numeric(8,2), feeling ${mood})`,
    );
    await h.execute(
      `INSERT INTO ${table} (name, price, feeling) VALUES ('a', 1.50, 'happy'), ('b', 2, 'sad'), ('c', NULL, NULL)`,
    );
  }, 60_000);
  afterAll(async () => {
    await h?.execute(`DROP TABLE IF EXISTS ${table}`);
    await h?.execute(`DROP TYPE IF EXISTS ${mood}`);
    await h?.close();
  });

  describe('typed fields', () => {
    it('returns integers as longValue, floats as doubleValue, bool as booleanValue and NULL as isNull', async () => {
      const result = await h.execute(
        'SELECT 1::int2, 2::int4, 9007199254740991::int8, 1.25::float4, 0.1::float8, true, false, NULL::text',
      );
      expect(result.records).toEqual([
        [
          { longValue: 1 },
          { longValue: 2 },
          { longValue: 9007199254740991 },
          { doubleValue: 1.25 },
          { doubleValue: 0.1 },
          { booleanValue: true },
          { booleanValue: false },
          { isNull: true },
        ],
      ]);
    });

    it("returns numeric, uuid, json, jsonb, enum and text values as stringValue in PostgreSQL's text form", async () => {
      const result = await h.execute(
        `SELECT 12.50::numeric(6,2), 'c2d29867-3d0b-d497-9191-18a9d8ee7830'::uuid, '{"b":1, "a":[true]}'::json, '{"b":1, "a":[true]}'::jsonb, 'happy'::${mood}, 'x'::varchar, 'y'::char(3)`,
      );
      expect(result.records).toEqual([
        [
          { stringValue: '12.50' },
          { stringValue: 'c2d29867-3d0b-d497-9191-18a9d8ee7830' },
          { stringValue: '{"b":1, "a":[true]}' },
          { stringValue: '{"a": [true], "b": 1}' },
          { stringValue: 'happy' },
          { stringValue: 'x' },
          { stringValue: 'y  ' },
        ],
      ]);
    });

    it('returns bytea as blobValue', async () => {
      const result = await h.execute("SELECT '\\xdeadbeef'::bytea");
      expect(Buffer.from(result.records![0]![0]!.blobValue!).toString('hex')).toBe('deadbeef');
    });

    it('returns timestamps as YYYY-MM-DD HH:MM:SS with no fraction when it is zero, milliseconds when they suffice, else microseconds', async () => {
      const result = await h.execute(
        "SELECT '2024-01-02 03:04:05'::timestamp, '2024-01-02 03:04:05.1'::timestamp, '2024-01-02 03:04:05.123'::timestamp, '2024-01-02 03:04:05.1234'::timestamp, '2024-01-02 03:04:05.123456'::timestamp",
      );
      expect(result.records).toEqual([
        [
          { stringValue: '2024-01-02 03:04:05' },
          { stringValue: '2024-01-02 03:04:05.100' },
          { stringValue: '2024-01-02 03:04:05.123' },
          { stringValue: '2024-01-02 03:04:05.123400' },
          { stringValue: '2024-01-02 03:04:05.123456' },
        ],
      ]);
    });

    it('returns timestamptz converted to UTC with no zone, and date and time as YYYY-MM-DD and HH:MM:SS', async () => {
      const result = await h.execute(
        "SELECT '2024-01-02 03:04:05.5+02'::timestamptz, '2024-02-29'::date, '23:59:58.25'::time",
      );
      expect(result.records).toEqual([
        [{ stringValue: '2024-01-02 01:04:05.500' }, { stringValue: '2024-02-29' }, { stringValue: '23:59:58.250' }],
      ]);
    });

    it('returns one-dimensional arrays as arrayValue', async () => {
      const result = await h.execute(
        "SELECT ARRAY[1,2]::int8[], ARRAY[1.5]::float8[], ARRAY[true,NULL], ARRAY['a,b','c\"d']::text[], ARRAY['2024-01-02 03:04:05.5'::timestamp], ARRAY[]::int4[]",
      );
      expect(result.records).toEqual([
        [
          { arrayValue: { longValues: [1, 2] } },
          { arrayValue: { doubleValues: [1.5] } },
          { arrayValue: { booleanValues: [true, null] } },
          { arrayValue: { stringValues: ['a,b', 'c"d'] } },
          { arrayValue: { stringValues: ['2024-01-02 03:04:05.500'] } },
          { arrayValue: { longValues: [] } },
        ],
      ]);
    });

    it.each([
      ["'1 day'::interval", 'interval'],
      ["'12:00+02'::timetz", 'timetz'],
      ['12.5::money', 'money'],
      ["'(1,2)'::point", 'point'],
    ])('refuses %s with UnsupportedResultException', async (expression, typeName) => {
      const error = await failure(h.execute(`SELECT ${expression}`));
      expect(error.name).toBe('UnsupportedResultException');
      expect(error.message).toBe(`The result contains the unsupported data type ${typeName}.`);
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });

    it('refuses multi-dimensional arrays with UnsupportedResultException', async () => {
      const error = await failure(h.execute('SELECT ARRAY[[1,2],[3,4]]'));
      expect(error.name).toBe('UnsupportedResultException');
    });

    it('returns integers and decimals as asked by resultSetOptions', async () => {
      const result = await h.execute('SELECT 42::int8, 12.50::numeric, 7::numeric', undefined, {
        resultSetOptions: { longReturnType: 'STRING', decimalReturnType: 'DOUBLE_OR_LONG' },
      });
      expect(result.records).toEqual([[{ stringValue: '42' }, { doubleValue: 12.5 }, { longValue: 7 }]]);
    });
  });

  describe('result shapes', () => {
    it('returns columnMetadata only when includeResultMetadata is set', async () => {
      const plain = await h.execute(`SELECT n FROM ${table} WHERE name = 'a'`);
      expect(plain.columnMetadata).toBeUndefined();
      const result = await h.execute(
        `SELECT n, id, name, price, feeling, n + 1 AS next FROM ${table} WHERE name = 'a'`,
        undefined,
        {
          includeResultMetadata: true,
        },
      );
      const pick = (i: number) => {
        const { name, label, typeName, type, nullable, precision, scale, tableName, isAutoIncrement, isSigned } =
          result.columnMetadata![i]!;
        return { name, label, typeName, type, nullable, precision, scale, tableName, isAutoIncrement, isSigned };
      };
      expect(pick(0)).toEqual({
        name: 'n',
        label: 'n',
        typeName: 'serial',
        type: 4,
        nullable: 0,
        precision: 10,
        scale: 0,
        tableName: table,
        isAutoIncrement: true,
        isSigned: true,
      });
      expect(pick(1)).toEqual({
        name: 'id',
        label: 'id',
        typeName: 'uuid',
        type: 1111,
        nullable: 0,
        precision: 2147483647,
        scale: 0,
        tableName: table,
        isAutoIncrement: false,
        isSigned: false,
      });
      expect(pick(2)).toMatchObject({ typeName: 'varchar', type: 12, precision: 40, nullable: 0 });
      expect(pick(3)).toMatchObject({
        typeName: 'numeric',
        type: 2,
        precision: 8,
        scale: 2,
        nullable: 1,
        isSigned: true,
      });
      expect(pick(4)).toMatchObject({ typeName: mood, type: 1111, nullable: 1 });
      expect(pick(5)).toMatchObject({ name: 'next', typeName: 'int4', tableName: '', nullable: 1 });
      expect(result.columnMetadata![0]).toMatchObject({ schemaName: '', isCurrency: false, arrayBaseColumnType: 0 });
    });

    it('returns formattedRecords instead of records for formatRecordsAs JSON', async () => {
      const result = await h.execute(`SELECT n, name, price, feeling FROM ${table} ORDER BY n`, undefined, {
        formatRecordsAs: 'JSON',
        includeResultMetadata: true,
      });
      expect(result.records).toBeUndefined();
      expect(result.columnMetadata).toBeUndefined();
      expect(JSON.parse(result.formattedRecords!)).toEqual([
        { n: 1, name: 'a', price: '1.50', feeling: 'happy' },
        { n: 2, name: 'b', price: '2.00', feeling: 'sad' },
        { n: 3, name: 'c', price: null, feeling: null },
      ]);
    });

    it('returns numberOfRecordsUpdated and empty generatedFields for DML without RETURNING', async () => {
      const result = await h.execute(`UPDATE ${table} SET price = price WHERE price IS NOT NULL`);
      expect(result.numberOfRecordsUpdated).toBe(2);
      expect(result.generatedFields).toEqual([]);
      expect(result.records).toBeUndefined();
    });

    it('returns the rows of RETURNING as records with numberOfRecordsUpdated 0', async () => {
      const result = await h.execute(`INSERT INTO ${table} (name) VALUES (:name) RETURNING name`, [str('name', 'd')]);
      expect(result.records).toEqual([[{ stringValue: 'd' }]]);
      expect(result.numberOfRecordsUpdated).toBe(0);
    });

    it('returns records and numberOfRecordsUpdated 0 for a SELECT, even with no rows', async () => {
      const result = await h.execute(`SELECT name FROM ${table} WHERE false`);
      expect(result.records).toEqual([]);
      expect(result.numberOfRecordsUpdated).toBe(0);
    });

    it('fails a response over 1 MiB as the service does', async () => {
      const error = await failure(h.execute("SELECT repeat('x', 1024) FROM generate_series(1, 1100)"));
      expect(error.name).toBe('BadRequestException');
      expect(error.message).toBe('Database returned more than the allowed response size limit');
      const justUnder = await h.execute("SELECT repeat('x', 1024) FROM generate_series(1, 1000)");
      expect(justUnder.records).toHaveLength(1000);
    });
  });
});
