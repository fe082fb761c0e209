import { isPgError, sqlError } from '../../../../local/data-api/errors';
import { parseRequestJson, toJson } from '../../../../local/data-api/json';

describe('sqlError', () => {
  it('words a PostgreSQL error as the Data API does, parts in PgJDBC order', () => {
    const error = sqlError({
      code: '23505',
      message: 'duplicate key',
      detail: 'Key (id)=(1) already exists.',
      hint: 'h',
      position: '7',
      where: 'w',
    });
    expect(error.errorName).toBe('DatabaseErrorException');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'ERROR: duplicate key; Detail: Key (id)=(1) already exists.; Hint: h; Position: 7; Where: w; SQLState: 23505',
    );
  });

  it('recognises only objects with a five-character SQLState as PostgreSQL errors', () => {
    expect(isPgError({ code: '42P01', message: 'x' })).toBe(true);
    expect(isPgError({ code: 'ECONNREFUSED' })).toBe(false);
    expect(isPgError(new Error('x'))).toBe(false);
  });
});

describe('toJson and parseRequestJson', () => {
  it('print bigints as bare integers and keep longValue digits when reading', () => {
    expect(toJson({ a: [{ longValue: 9223372036854775807n }], s: 'bigint:1' })).toBe(
      '{"a":[{"longValue":9223372036854775807}],"s":"bigint:1"}',
    );
    expect(parseRequestJson('{"value":{"longValue":9007199254740993},"doubleValue":9007199254740993}')).toEqual({
      value: { longValue: '9007199254740993' },
      doubleValue: 9007199254740992,
    });
  });

  it('keep longValue digits when the key is written with a JSON escape', () => {
    expect(parseRequestJson('{"long\\u0056alue":9007199254740993}')).toEqual({ longValue: '9007199254740993' });
  });

  it('print an answer without bigints as JSON.stringify does', () => {
    const answer = { records: [[{ stringValue: 'a\u0000b' }, { longValue: 1 }, { isNull: true }]], n: 0 };
    expect(toJson(answer)).toBe(JSON.stringify(answer));
  });
});
