import { DataApiError } from '../../../../local/data-api/errors';
import { bindParameters } from '../../../../local/data-api/parameters';

describe('bindParameters', () => {
  it('binds each field type with the OID the service uses', () => {
    const bound = bindParameters(
      [
        { name: 's', value: { stringValue: 'x' } },
        { name: 'l', value: { longValue: 42 } },
        { name: 'd', value: { doubleValue: 1.5 } },
        { name: 'b', value: { booleanValue: false } },
        { name: 'y', value: { blobValue: Buffer.from([1, 255]).toString('base64') } },
        { name: 'n', value: { isNull: true } },
      ],
      ['s', 'l', 'd', 'b', 'y', 'n'],
    );
    expect(bound).toEqual({ values: ['x', '42', '1.5', 'f', '\\x01ff', null], types: [25, 20, 701, 16, 17, 0] });
  });

  it.each([
    ['UUID', 'c2d29867-3d0b-d497-9191-18a9d8ee7830', 2950],
    ['TIMESTAMP', '2024-01-02 03:04:05.123', 1114],
    ['DATE', '2024-01-02', 1082],
    ['TIME', '03:04:05', 1083],
    ['DECIMAL', '12.345', 1700],
    ['JSON', '{"a":1}', 114],
  ])('binds a string with typeHint %s as OID %i', (typeHint, value, oid) => {
    expect(bindParameters([{ name: 'p', value: { stringValue: value }, typeHint }], ['p'])).toEqual({
      values: [value],
      types: [oid],
    });
  });

  it('keeps a longValue given as source digits past 2^53', () => {
    expect(bindParameters([{ name: 'l', value: { longValue: '9007199254740993' } }], ['l']).values).toEqual([
      '9007199254740993',
    ]);
  });

  it('types a NULL with a typeHint', () => {
    expect(bindParameters([{ name: 'n', value: { isNull: true }, typeHint: 'UUID' }], ['n']).types).toEqual([2950]);
  });

  it('rejects an array value with ValidationException', () => {
    const statement = () => bindParameters([{ name: 'a', value: { arrayValue: { longValues: [1] } } }], ['a']);
    expect(statement).toThrow(new DataApiError('ValidationException', 'Array parameters are not supported.'));
  });

  it.each([
    ['TIMESTAMP', '2024-01-02T03:04:05Z'],
    ['DATE', '02/01/2024'],
    ['TIME', '3:04'],
  ])('rejects a %s typeHint with the value %j', (typeHint, value) => {
    const statement = () => bindParameters([{ name: 'p', value: { stringValue: value }, typeHint }], ['p']);
    expect(statement).toThrow(DataApiError);
    expect(statement).toThrow(`Invalid ${typeHint} value for parameter p`);
  });

  it('rejects an unknown typeHint, a missing value, a duplicate name and a field with two values', () => {
    expect(() => bindParameters([{ name: 'p', value: { stringValue: 'x' }, typeHint: 'INTERVAL' }], ['p'])).toThrow(
      'Invalid typeHint INTERVAL',
    );
    expect(() => bindParameters([], ['p'])).toThrow('No value specified for parameter: p');
    expect(() =>
      bindParameters(
        [
          { name: 'p', value: { isNull: true } },
          { name: 'p', value: { isNull: true } },
        ],
        ['p'],
      ),
    ).toThrow('specified more than once');
    expect(() => bindParameters([{ name: 'p', value: { stringValue: 'x', longValue: 1 } }], ['p'])).toThrow(
      'exactly one value field',
    );
  });

  it('ignores parameters no placeholder uses', () => {
    expect(bindParameters([{ name: 'unused', value: { longValue: 1 } }], [])).toEqual({ values: [], types: [] });
  });
});
