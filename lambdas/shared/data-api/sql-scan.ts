/**
 * A small lexer for PostgreSQL text: enough to split a migration file into statements (the Data
 * API runs one per call) and to find `:name` placeholders, while skipping everything that only
 * looks like code: 'strings' (with '' and E'\'' escapes), "identifiers", -- and nested block
 * comments, and $tag$ dollar-quoted $tag$ bodies.
 */

const IDENT_CHAR = /[A-Za-z0-9_$]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** Thrown when a quote, comment or dollar-quoted body is never closed. */
export class SqlScanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlScanError';
  }
}

/**
 * The same text, same length, with the inside and delimiters of every literal, quoted
 * identifier and comment replaced by spaces: what is left is the code a lexer would act on.
 */
export function maskSql(sql: string): string {
  const out = sql.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < sql.length && depth > 0) {
        if (sql[j] === '/' && sql[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (sql[j] === '*' && sql[j + 1] === '/') {
          depth--;
          j += 2;
        } else j++;
      }
      if (depth > 0) throw new SqlScanError('unterminated block comment');
      blank(i, j);
      i = j;
    } else if (c === "'") {
      const escapes = (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !IDENT_CHAR.test(sql[i - 2] ?? ' ');
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new SqlScanError('unterminated string literal');
        if (escapes && sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      blank(i, j + 1);
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new SqlScanError('unterminated quoted identifier');
        if (sql[j] === '"' && sql[j + 1] === '"') j += 2;
        else if (sql[j] === '"') break;
        else j++;
      }
      blank(i, j + 1);
      i = j + 1;
    } else if (c === '$' && !IDENT_CHAR.test(sql[i - 1] ?? ' ')) {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 64))?.[0];
      if (tag === undefined) {
        i++;
        continue;
      }
      const end = sql.indexOf(tag, i + tag.length);
      if (end === -1) throw new SqlScanError(`unterminated dollar-quoted body ${tag}`);
      blank(i, end + tag.length);
      i = end + tag.length;
    } else {
      i++;
    }
  }
  return out.join('');
}

/**
 * The statements of a SQL script, in order, without their terminating `;`. Statements that are
 * empty or only comments are dropped.
 *
 * @example
 * splitSqlStatements("CREATE TABLE a (x int); -- done\nSELECT ';'");
 * // ['CREATE TABLE a (x int)', "-- done\nSELECT ';'"]
 */
export function splitSqlStatements(sql: string): string[] {
  const mask = maskSql(sql);
  const statements: string[] = [];
  let start = 0;
  const push = (end: number) => {
    if (mask.slice(start, end).trim() !== '') statements.push(sql.slice(start, end).trim());
    start = end + 1;
  };
  for (let i = 0; i < mask.length; i++) if (mask[i] === ';') push(i);
  push(sql.length);
  return statements;
}

/**
 * The distinct `:name` placeholders of one statement, in order of first use. `::casts`, and
 * colons inside literals, comments and dollar-quoted bodies, are not placeholders.
 *
 * @example
 * namedPlaceholders("SELECT :id::uuid, ':no' -- :no"); // ['id']
 */
export function namedPlaceholders(sql: string): string[] {
  const names = new Set<string>();
  for (const m of maskSql(sql).matchAll(/(?<![:\w]):([A-Za-z_]\w*)/g)) names.add(m[1]!);
  return [...names];
}
