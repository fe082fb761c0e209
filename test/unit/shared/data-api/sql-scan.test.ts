import {
  maskSql,
  namedPlaceholders,
  scanSql,
  splitSqlStatements,
  SqlScanError,
} from '../../../../lambdas/shared/data-api/sql-scan';
import { rewriteNamedParameters } from '../../../../local/data-api/sql-scanner';

describe('splitSqlStatements', () => {
  it('splits on semicolons and drops the terminators and empty statements', () => {
    expect(splitSqlStatements('CREATE TABLE a (x int);\n\nCREATE TABLE b (y int);;\n')).toEqual([
      'CREATE TABLE a (x int)',
      'CREATE TABLE b (y int)',
    ]);
  });

  it('keeps a statement without a final semicolon', () => {
    expect(splitSqlStatements('SELECT 1; SELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('ignores semicolons inside strings, escaped strings, identifiers and comments', () => {
    const sql = [
      "INSERT INTO t VALUES ('a;b', 'it''s; fine', E'back\\'slash;')",
      'CREATE TABLE "odd;name" (x int)',
      '-- a comment; with a semicolon\nSELECT 1 /* block; /* nested; */ still; */',
    ].join(';\n');
    expect(splitSqlStatements(sql)).toHaveLength(3);
  });

  it('keeps a dollar-quoted function body whole, tagged or not', () => {
    const sql = `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.x := 1; RETURN NEW;
END;
$body$;
DO $$ BEGIN PERFORM 1; END $$;
SELECT 'after'`;
    const statements = splitSqlStatements(sql);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatch(/^CREATE FUNCTION[\s\S]*\$body\$$/);
    expect(statements[1]).toBe('DO $$ BEGIN PERFORM 1; END $$');
  });

  it('does not mistake positional parameters or identifiers with $ for dollar quotes', () => {
    expect(splitSqlStatements('SELECT $1; SELECT a$b$ FROM t; SELECT 2')).toEqual([
      'SELECT $1',
      'SELECT a$b$ FROM t',
      'SELECT 2',
    ]);
  });

  it('drops statements that are only comments', () => {
    expect(splitSqlStatements('-- header only;\n/* and; this */;SELECT 1;')).toEqual(['SELECT 1']);
  });

  it('fails on unterminated literals, comments and bodies instead of guessing', () => {
    expect(() => splitSqlStatements("SELECT 'open")).toThrow(SqlScanError);
    expect(() => splitSqlStatements('SELECT /* open')).toThrow('unterminated block comment');
    expect(() => splitSqlStatements('DO $x$ BEGIN END $y$')).toThrow('unterminated dollar-quoted body $x$');
    expect(() => splitSqlStatements('SELECT "open')).toThrow('unterminated quoted identifier');
  });
});

describe('namedPlaceholders', () => {
  it('finds each :name once, in order of first use', () => {
    expect(namedPlaceholders('SELECT * FROM t WHERE a = :orgId AND b = :name OR c = :orgId')).toEqual([
      'orgId',
      'name',
    ]);
  });

  it('skips casts, literals, comments and dollar-quoted bodies', () => {
    expect(namedPlaceholders('SELECT :id::uuid, \':no\', "x:no" -- :no\n /* :no */ , $$ :no $$')).toEqual(['id']);
  });
});

// The inputs on which the client's lexer and the emulator's once disagreed: one lexer now, one answer.
describe('the one placeholder rule, for the client and the emulator alike', () => {
  it.each([
    ['ends an ASCII name at a non-ASCII letter', 'SELECT :näme', ['n']],
    ['sees no placeholder in a colon glued to an identifier that holds $', 'SELECT x$:a', []],
    ['sees no placeholder in a colon glued to any identifier', 'SELECT x:a', []],
    ['reads an unclosed string to the end, as PostgreSQL does, without throwing', "SELECT :a, 'open :b", ['a']],
    ['reads an unclosed dollar-quoted body to the end', 'SELECT :a, $x$ :b', ['a']],
  ])('%s', (_rule, sql, names) => {
    expect(namedPlaceholders(sql)).toEqual(names);
    expect(rewriteNamedParameters(sql).names).toEqual(names);
  });

  it('rewrites only the ASCII part of a name, leaving PostgreSQL to reject the rest', () => {
    expect(rewriteNamedParameters('SELECT :näme').text).toBe('SELECT $1äme');
  });
});

describe('scanSql', () => {
  it('names what was left open instead of throwing', () => {
    expect(scanSql("SELECT 'open").unterminated).toBe('unterminated string literal');
    expect(scanSql('SELECT 1').unterminated).toBeUndefined();
  });
});

describe('maskSql', () => {
  it('keeps the length so positions in the mask are positions in the text', () => {
    const sql = "SELECT 'a;b' -- c\n, $$d$$";
    expect(maskSql(sql)).toHaveLength(sql.length);
  });
});
