import {
  formatFraction,
  formatTime,
  formatTimestamp,
  formatTimestamptz,
  MultiDimensionalArrayError,
  parseArray,
} from '../../../../local/data-api/value-format';

describe('formatFraction', () => {
  it.each([
    [undefined, ''],
    ['0', ''],
    ['000000', ''],
    ['1', '.100'],
    ['12', '.120'],
    ['123', '.123'],
    ['1234', '.123400'],
    ['000001', '.000001'],
    ['123456', '.123456'],
  ])('prints %j as %j', (digits, expected) => {
    expect(formatFraction(digits)).toBe(expected);
  });
});

describe('formatTimestamp and formatTime', () => {
  it('keep the date and time and normalise the fraction', () => {
    expect(formatTimestamp('2024-01-02 03:04:05.5')).toBe('2024-01-02 03:04:05.500');
    expect(formatTimestamp('0044-03-15 00:00:00 BC')).toBe('0044-03-15 00:00:00 BC');
    expect(formatTimestamp('infinity')).toBe('infinity');
    expect(formatTime('23:59:59.999999')).toBe('23:59:59.999999');
  });
});

describe('formatTimestamptz', () => {
  it('drops a +00 offset', () => {
    expect(formatTimestamptz('2024-01-02 03:04:05+00')).toBe('2024-01-02 03:04:05');
  });

  it('converts other offsets to UTC, across a day and a year boundary', () => {
    expect(formatTimestamptz('2024-01-01 01:30:00.25+05:30')).toBe('2023-12-31 20:00:00.250');
    expect(formatTimestamptz('2023-12-31 22:00:00-03')).toBe('2024-01-01 01:00:00');
  });
});

describe('parseArray', () => {
  it('splits elements, unquoting and unescaping, with NULL as null', () => {
    expect(parseArray('{1,2,NULL}')).toEqual(['1', '2', null]);
    expect(parseArray('{"a,b","c\\"d","NULL",""}')).toEqual(['a,b', 'c"d', 'NULL', '']);
    expect(parseArray('{}')).toEqual([]);
    expect(parseArray('{"back\\\\slash","{braces}"}')).toEqual(['back\\slash', '{braces}']);
  });

  it('refuses explicit bounds even on one dimension, as the array does not start at 1', () => {
    expect(() => parseArray('[1:2]={1,2}')).toThrow(MultiDimensionalArrayError);
  });

  it('refuses more than one dimension', () => {
    expect(() => parseArray('{{1,2},{3,4}}')).toThrow(MultiDimensionalArrayError);
    expect(() => parseArray('[0:1]={1,2}')).toThrow(MultiDimensionalArrayError);
  });
});
