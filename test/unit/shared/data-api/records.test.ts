import {
  dataApiTimestampToIso,
  decodeField,
  decodeRecords,
  RecordDecodeError,
} from '../../../../lambdas/shared/data-api/records';

describe('dataApiTimestampToIso', () => {
  it('turns the Data API form into ISO-8601 UTC with milliseconds', () => {
    expect(dataApiTimestampToIso('2026-01-02 03:04:05')).toBe('2026-01-02T03:04:05.000Z');
    expect(dataApiTimestampToIso('2026-01-02 03:04:05.6')).toBe('2026-01-02T03:04:05.600Z');
    expect(dataApiTimestampToIso('2026-01-02 03:04:05.678')).toBe('2026-01-02T03:04:05.678Z');
  });

  it('keeps microseconds instead of dropping them', () => {
    expect(dataApiTimestampToIso('2026-01-02 03:04:05.123456')).toBe('2026-01-02T03:04:05.123456Z');
    expect(dataApiTimestampToIso('2026-01-02 03:04:05.120000')).toBe('2026-01-02T03:04:05.120Z');
  });

  it('refuses anything else', () => {
    expect(() => dataApiTimestampToIso('2026-01-02T03:04:05Z')).toThrow(RecordDecodeError);
  });
});

describe('decodeField', () => {
  it('decodes by the column type name', () => {
    expect(decodeField({ stringValue: '2026-01-02 03:04:05' }, 'timestamptz')).toBe('2026-01-02T03:04:05.000Z');
    expect(decodeField({ stringValue: '{"a":1}' }, 'jsonb')).toEqual({ a: 1 });
    expect(decodeField({ stringValue: '12.50' }, 'numeric')).toBe('12.50');
    expect(decodeField({ stringValue: '2026-01-02 03:04:05' }, 'text')).toBe('2026-01-02 03:04:05');
  });

  it('decodes NULL, numbers, booleans and arrays', () => {
    expect(decodeField({ isNull: true }, 'text')).toBeNull();
    expect(decodeField({ longValue: 7 })).toBe(7);
    expect(decodeField({ doubleValue: 0.5 })).toBe(0.5);
    expect(decodeField({ booleanValue: false })).toBe(false);
    expect(decodeField({ arrayValue: { arrayValues: [{ longValues: [1, 2] }, { longValues: [3] }] } })).toEqual([
      [1, 2],
      [3],
    ]);
  });
});

describe('decodeRecords', () => {
  it('keys rows by column label', () => {
    const rows = decodeRecords(
      [[{ stringValue: 'a' }, { isNull: true }]],
      [
        { label: 'name', name: 'name', typeName: 'text' },
        { label: 'source_url', name: 'source_url', typeName: 'text' },
      ],
    );
    expect(rows).toEqual([{ name: 'a', source_url: null }]);
  });

  it('returns no rows for DML without RETURNING', () => {
    expect(decodeRecords(undefined, undefined)).toEqual([]);
  });

  it('refuses records without metadata', () => {
    expect(() => decodeRecords([[{ longValue: 1 }]], undefined)).toThrow('records arrived without column metadata');
  });
});
