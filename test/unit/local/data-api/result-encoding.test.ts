import { columnMetadata } from '../../../../local/data-api/column-metadata';
import { DataApiError } from '../../../../local/data-api/errors';
import { builtInType, OID } from '../../../../local/data-api/pg-types';
import { assertSupported, encodeRow, formattedValue } from '../../../../local/data-api/result-encoding';

const type = (oid: number) => builtInType(oid)!;

describe('encodeRow', () => {
  it('encodes each type as the service does', () => {
    const row = encodeRow(
      [
        '9223372036854775807',
        '9007199254740991',
        '12.50',
        'NaN',
        't',
        '\\x0aff',
        '2024-01-02 03:04:05.1+00',
        '{1,NULL}',
        null,
      ],
      [OID.int8, OID.int8, OID.numeric, OID.float8, OID.bool, OID.bytea, OID.timestamptz, 1007, OID.text].map(type),
      {},
    );
    expect(row).toEqual([
      { longValue: 9223372036854775807n },
      { longValue: 9007199254740991 },
      { stringValue: '12.50' },
      { stringValue: 'NaN' },
      { booleanValue: true },
      { blobValue: 'Cv8=' },
      { stringValue: '2024-01-02 03:04:05.100' },
      { arrayValue: { longValues: [1, null] } },
      { isNull: true },
    ]);
  });

  it('follows resultSetOptions for integers and decimals', () => {
    const options = { longReturnType: 'STRING', decimalReturnType: 'DOUBLE_OR_LONG' } as const;
    expect(
      encodeRow(['7', '7', '7.25', 'NaN'], [OID.int4, OID.numeric, OID.numeric, OID.numeric].map(type), options),
    ).toEqual([{ stringValue: '7' }, { longValue: 7 }, { doubleValue: 7.25 }, { stringValue: 'NaN' }]);
  });

  it('refuses a multi-dimensional array', () => {
    expect(() => encodeRow(['{{1},{2}}'], [type(1007)], {})).toThrow(DataApiError);
  });
});

describe('assertSupported', () => {
  it.each([OID.interval, OID.timetz, OID.money, OID.point, 1187, 1001])('refuses type %i', (oid) => {
    expect(() => assertSupported([type(oid)])).toThrow(
      `The result contains the unsupported data type ${type(oid).name}.`,
    );
  });

  it('accepts the supported types', () => {
    expect(() => assertSupported([OID.uuid, OID.jsonb, OID.timestamptz, 1009].map(type))).not.toThrow();
  });
});

describe('formattedValue', () => {
  it('unwraps scalars and arrays and turns isNull into null', () => {
    expect(formattedValue({ longValue: 1n })).toBe(1n);
    expect(formattedValue({ longValue: 1 })).toBe(1);
    expect(formattedValue({ arrayValue: { stringValues: ['a'] } })).toEqual(['a']);
    expect(formattedValue({ isNull: true })).toBeNull();
  });
});

describe('columnMetadata', () => {
  const field = (dataTypeID: number, dataTypeModifier = -1, tableID = 0, columnID = 0) => ({
    name: 'c',
    tableID,
    columnID,
    dataTypeID,
    dataTypeModifier,
  });

  it("reports PgJDBC's precision and scale for typmod-bearing types", () => {
    const [numeric, varchar, timestamp, time] = columnMetadata(
      [field(OID.numeric, ((10 << 16) | 3) + 4), field(OID.varchar, 44), field(OID.timestamptz, 3), field(OID.time)],
      [OID.numeric, OID.varchar, OID.timestamptz, OID.time].map(type),
      new Map(),
    );
    expect([numeric!.precision, numeric!.scale]).toEqual([10, 3]);
    expect(varchar!.precision).toBe(40);
    expect([timestamp!.precision, timestamp!.scale]).toEqual([32, 3]);
    expect([time!.precision, time!.scale]).toEqual([15, 6]);
  });

  it('names a sequence-backed int8 column bigserial and reports its table and nullability', () => {
    const [column] = columnMetadata(
      [field(OID.int8, -1, 99, 1)],
      [type(OID.int8)],
      new Map([['99:1', { tableName: 't', notNull: true, autoIncrement: true }]]),
    );
    expect(column).toMatchObject({
      typeName: 'bigserial',
      type: -5,
      tableName: 't',
      nullable: 0,
      isAutoIncrement: true,
      isSigned: true,
    });
  });
});
