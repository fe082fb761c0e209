import { isStalePlanError, PER_CONNECTION, PreparedStatements } from '../../../../local/data-api/prepared-statements';

const SELECT = 'SELECT * FROM orgs WHERE id = $1';

describe('PreparedStatements', () => {
  it('runs a statement unnamed the first time and under one name from its second sighting on, on every connection', () => {
    const statements = new PreparedStatements();
    const [a, b] = [{}, {}];
    expect(statements.nameFor(a, SELECT, [2950], null)).toBeUndefined();
    const name = statements.nameFor(a, SELECT, [2950], null);
    expect(name).toMatch(/^dapi_/);
    expect(statements.nameFor(a, SELECT, [2950], null)).toBe(name);
    expect(statements.nameFor(b, SELECT, [2950], null)).toBe(name);
  });

  it('tells the same text with other parameter types apart', () => {
    const statements = new PreparedStatements();
    const connection = {};
    statements.nameFor(connection, SELECT, [2950], null);
    statements.nameFor(connection, SELECT, [25], null);
    expect(statements.nameFor(connection, SELECT, [2950], null)).not.toBe(
      statements.nameFor(connection, SELECT, [25], null),
    );
  });

  it('tells the same statement under another role apart, so a role never runs a plan parsed as another', () => {
    const statements = new PreparedStatements();
    const connection = {};
    statements.nameFor(connection, SELECT, [], null);
    statements.nameFor(connection, SELECT, [], 'intello_app');
    const asOwner = statements.nameFor(connection, SELECT, [], null);
    const asApp = statements.nameFor(connection, SELECT, [], 'intello_app');
    expect(asOwner).toBeDefined();
    expect(asApp).toBeDefined();
    expect(asApp).not.toBe(asOwner);
  });

  it.each([
    'SELECT 1',
    '  (SELECT 1) UNION (SELECT 2)',
    'with x AS (SELECT 1) SELECT * FROM x',
    'INSERT INTO t VALUES (1)',
    'UPDATE t SET a = 1',
    'DELETE FROM t',
    'MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE',
    'VALUES (1)',
    'TABLE t',
  ])('names the query or DML "%s"', (sql) => {
    const statements = new PreparedStatements();
    statements.nameFor({}, sql, [], null);
    expect(statements.nameFor({}, sql, [], null)).toBeDefined();
  });

  it.each([
    'BEGIN',
    'SET ROLE NONE',
    'CREATE TABLE t (a int)',
    'DO $$ BEGIN END $$',
    'CALL p()',
    'EXPLAIN SELECT 1',
    '-- a comment first\nSELECT 1',
  ])('never names "%s"', (sql) => {
    const statements = new PreparedStatements();
    statements.nameFor({}, sql, [], null);
    expect(statements.nameFor({}, sql, [], null)).toBeUndefined();
  });

  it('forgets every name after a command that may change a table, and only then', () => {
    const statements = new PreparedStatements();
    const connection = {};
    statements.nameFor(connection, SELECT, [], null);
    const before = statements.nameFor(connection, SELECT, [], null);
    for (const tag of ['SELECT 1', 'INSERT 0 1', 'UPDATE 2', 'SET', 'BEGIN', 'COMMIT']) statements.noteCommand(tag);
    expect(statements.nameFor(connection, SELECT, [], null)).toBe(before);
    statements.noteCommand('ALTER TABLE');
    expect(statements.nameFor(connection, SELECT, [], null)).toBeUndefined();
    const after = statements.nameFor(connection, SELECT, [], null);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it(`holds at most ${PER_CONNECTION} names on one connection, then runs new statements unnamed there`, () => {
    const statements = new PreparedStatements();
    const [full, other] = [{}, {}];
    const sqlOf = (i: number) => `SELECT ${i}`;
    for (let i = 0; i <= PER_CONNECTION; i += 1) statements.nameFor(full, sqlOf(i), [], null);
    for (let i = 0; i < PER_CONNECTION; i += 1) expect(statements.nameFor(full, sqlOf(i), [], null)).toBeDefined();
    expect(statements.nameFor(full, sqlOf(PER_CONNECTION), [], null)).toBeUndefined();
    expect(statements.nameFor(full, sqlOf(0), [], null)).toBeDefined();
    expect(statements.nameFor(other, sqlOf(PER_CONNECTION), [], null)).toBeDefined();
    expect([statements.full(full), statements.full(other)]).toEqual([true, false]);
  });
});

describe('isStalePlanError', () => {
  it("recognizes PostgreSQL's error for a named statement whose result columns changed, and nothing else", () => {
    expect(isStalePlanError({ code: '0A000', message: 'cached plan must not change result type' })).toBe(true);
    expect(isStalePlanError({ code: '0A000', message: 'cannot insert into view' })).toBe(false);
    expect(isStalePlanError({ code: '42P01', message: 'cached plan must not change result type' })).toBe(false);
    expect(isStalePlanError(new Error('cached plan must not change result type'))).toBe(false);
  });
});
