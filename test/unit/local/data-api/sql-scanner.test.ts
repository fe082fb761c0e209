import fc from 'fast-check';
import { DataApiError } from '../../../../local/data-api/errors';
import { rewriteNamedParameters } from '../../../../local/data-api/sql-scanner';

describe('rewriteNamedParameters', () => {
  it('numbers each placeholder occurrence in order, repeats included', () => {
    expect(rewriteNamedParameters('SELECT * FROM t WHERE a = :a AND b = :b OR a = :a')).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b = $2 OR a = $3',
      names: ['a', 'b', 'a'],
    });
  });

  it.each([
    ['a ::cast', 'SELECT :v::uuid, x::text', 'SELECT $1::uuid, x::text'],
    ['a quoted string with a doubled quote', "SELECT 'it''s :v', :v", "SELECT 'it''s :v', $1"],
    ['an escape string with a backslash-escaped quote', "SELECT E'\\' :v', :v", "SELECT E'\\' :v', $1"],
    ['a quoted identifier', 'SELECT 1 AS ":v", :v', 'SELECT 1 AS ":v", $1'],
    ['a line comment', 'SELECT :v -- :w\n, 1', 'SELECT $1 -- :w\n, 1'],
    ['a nested block comment', 'SELECT /* a /* :w */ :w */ :v', 'SELECT /* a /* :w */ :w */ $1'],
    ['a dollar-quoted body', 'SELECT $$ :w $$, $fn$ a := :w; $fn$, :v', 'SELECT $$ :w $$, $fn$ a := :w; $fn$, $1'],
  ])('leaves placeholders inside %s alone', (_what, sql, text) => {
    expect(rewriteNamedParameters(sql)).toEqual({ text, names: ['v'] });
  });

  it('leaves positional $1 parameters and identifiers containing $ alone', () => {
    expect(rewriteNamedParameters('SELECT $1, a$b FROM t')).toEqual({ text: 'SELECT $1, a$b FROM t', names: [] });
  });

  it('accepts a trailing semicolon, a trailing comment and a semicolon inside a string', () => {
    expect(rewriteNamedParameters("SELECT ';' ; -- done\n").names).toEqual([]);
  });

  it.each(['SELECT 1; SELECT 2', 'SELECT 1; /* c */ DELETE FROM t', "INSERT INTO t VALUES (';'); DROP TABLE t"])(
    'rejects %j as several statements',
    (sql) => {
      const statement = () => rewriteNamedParameters(sql);
      expect(statement).toThrow(DataApiError);
      expect(statement).toThrow("Multistatements aren't supported.");
    },
  );

  it('never rewrites a placeholder inside a string literal (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes("'")),
        (content) => {
          const sql = `SELECT '${content}:x'`;
          expect(rewriteNamedParameters(sql)).toEqual({ text: sql, names: [] });
        },
      ),
    );
  });
});
