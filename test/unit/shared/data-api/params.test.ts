import {
  date,
  decimal,
  formatTimestampParameter,
  isUuid,
  json,
  SqlParameterError,
  toSqlParameter,
  toSqlParameters,
  uuid,
} from '../../../../lambdas/shared/data-api/params';

const ID = '0b9e2f3a-6a4c-4d8e-9f10-2b3c4d5e6f70';

describe('toSqlParameter', () => {
  it('binds a plain string as text, without a type hint, even when it looks like a UUID', () => {
    expect(toSqlParameter('name', ID)).toEqual({ name: 'name', value: { stringValue: ID } });
  });

  it('binds uuid() values with the UUID hint, lower-cased', () => {
    expect(toSqlParameter('id', uuid(ID.toUpperCase()))).toEqual({
      name: 'id',
      value: { stringValue: ID },
      typeHint: 'UUID',
    });
  });

  it('refuses a malformed uuid()', () => {
    expect(() => uuid('not-a-uuid')).toThrow(SqlParameterError);
    expect(() => uuid(`${ID}x`)).toThrow('uuid() needs a canonical UUID string');
  });

  it('binds integers as longValue and fractions as doubleValue', () => {
    expect(toSqlParameter('n', 42)).toEqual({ name: 'n', value: { longValue: 42 } });
    expect(toSqlParameter('x', 1.5)).toEqual({ name: 'x', value: { doubleValue: 1.5 } });
  });

  it('refuses numbers that would lose precision or are not finite', () => {
    expect(() => toSqlParameter('n', 2 ** 53)).toThrow('parameter :n is past 2^53; pass a bigint');
    expect(() => toSqlParameter('n', Number.NaN)).toThrow('parameter :n is not a finite number');
    expect(() => toSqlParameter('n', Number.POSITIVE_INFINITY)).toThrow(SqlParameterError);
  });

  it('binds bigint and decimal() as DECIMAL strings', () => {
    expect(toSqlParameter('big', 2n ** 64n)).toEqual({
      name: 'big',
      value: { stringValue: '18446744073709551616' },
      typeHint: 'DECIMAL',
    });
    expect(toSqlParameter('amount', decimal('-12.50'))).toEqual({
      name: 'amount',
      value: { stringValue: '-12.50' },
      typeHint: 'DECIMAL',
    });
    expect(() => decimal('12,5')).toThrow('decimal() needs a decimal number');
  });

  it('binds a Date as a UTC TIMESTAMP without T or zone', () => {
    const at = new Date('2026-03-04T05:06:07.089+02:00');
    expect(toSqlParameter('at', at)).toEqual({
      name: 'at',
      value: { stringValue: '2026-03-04 03:06:07.089' },
      typeHint: 'TIMESTAMP',
    });
    expect(() => formatTimestampParameter(new Date('nope'))).toThrow('cannot bind an invalid Date');
  });

  it('binds objects and arrays as JSON, and json() for scalars', () => {
    expect(toSqlParameter('doc', { a: [1, 'b'] })).toEqual({
      name: 'doc',
      value: { stringValue: '{"a":[1,"b"]}' },
      typeHint: 'JSON',
    });
    expect(toSqlParameter('list', [1, 2])).toEqual({ name: 'list', value: { stringValue: '[1,2]' }, typeHint: 'JSON' });
    expect(toSqlParameter('s', json('x'))).toEqual({ name: 's', value: { stringValue: '"x"' }, typeHint: 'JSON' });
    expect(() => json(undefined)).toThrow('json() cannot serialize this value');
  });

  it('binds null as isNull, booleans as booleanValue and bytes as blobValue', () => {
    expect(toSqlParameter('v', null)).toEqual({ name: 'v', value: { isNull: true } });
    expect(toSqlParameter('b', false)).toEqual({ name: 'b', value: { booleanValue: false } });
    const bytes = new Uint8Array([1, 2, 3]);
    expect(toSqlParameter('blob', bytes)).toEqual({ name: 'blob', value: { blobValue: bytes } });
  });

  it('binds date() with the DATE hint and refuses other shapes', () => {
    expect(toSqlParameter('d', date('2026-01-31'))).toEqual({
      name: 'd',
      value: { stringValue: '2026-01-31' },
      typeHint: 'DATE',
    });
    expect(() => date('31/01/2026')).toThrow('date() needs YYYY-MM-DD');
  });

  it('refuses undefined, which is always a forgotten value', () => {
    expect(() => toSqlParameter('email', undefined as never)).toThrow(
      'parameter :email is undefined; pass null for SQL NULL',
    );
  });
});

describe('toSqlParameters', () => {
  it('keeps every named parameter, in order', () => {
    expect(toSqlParameters({ orgId: uuid(ID), limit: 21 }).map((p) => p.name)).toEqual(['orgId', 'limit']);
    expect(toSqlParameters()).toEqual([]);
  });
});

describe('isUuid', () => {
  it('accepts canonical UUIDs of any case and rejects everything else', () => {
    expect(isUuid(ID)).toBe(true);
    expect(isUuid(ID.toUpperCase())).toBe(true);
    expect(isUuid(ID.replaceAll('-', ''))).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});
