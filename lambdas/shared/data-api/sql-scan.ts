/**
 * The one lexer for PostgreSQL text, shared by the Data API client and the local Data API: enough
 * to split a migration file into statements (the Data API runs one per call) and to find `:name`
 * placeholders, while skipping everything that only looks like code: 'strings' (with '' and
 * E'\'' escapes), "identifiers", -- and nested block comments, and $tag$ dollar-quoted $tag$ bodies.
 *
 * The placeholder rule (the RDS Data API documents no pattern for a parameter name; this is the
 * one its sibling, the Redshift Data API, documents, `[0-9a-zA-Z_]+`, starting as an identifier):
 * - a name is ASCII letters, digits and `_`, not starting with a digit, and ends at the first
 *   other character: `:näme` is the placeholder `n` followed by the text `äme`;
 * - a colon glued to an identifier is not a placeholder: PostgreSQL identifiers may hold `$` and
 *   non-ASCII letters, so `x$:a` is as free of placeholders as `x:a`;
 * - `::` is a cast;
 * - a quote, comment or dollar-quoted body left open runs to the end of the text, as PostgreSQL
 *   reads it: nothing after it is a placeholder, and PostgreSQL itself reports the syntax error.
 *   Only the migration splitter refuses it up front.
 */

import { remembered } from '../remembered';

/** What PostgreSQL allows inside an identifier (and so right before a `$` that is not a dollar quote). */
const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;
const PLACEHOLDER = /(?<![:A-Za-z0-9_$\u0080-\uffff]):([A-Za-z_][A-Za-z0-9_]*)/g;

/** Thrown by the migration splitter when a quote, comment or dollar-quoted body is never closed. */
export class SqlScanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlScanError';
  }
}

/** The masked text, and what was left open at its end, if anything. */
export interface SqlScan {
  mask: string;
  unterminated: string | undefined;
}

/**
 * The same text, same length, with the inside and delimiters of every literal, quoted
 * identifier and comment replaced by spaces: what is left is the code a lexer would act on.
 * Never throws: an unclosed construct is masked to the end and named in `unterminated`.
 * Remembered per text: the scan of a composed statement was the local Data API's largest cost
 * of its own per call, and a Lambda function checks each statement's placeholders before sending.
 */
export const scanSql: (sql: string) => Readonly<SqlScan> = remembered((sql) => Object.freeze(scanText(sql)));

function scanText(sql: string): SqlScan {
  const out = sql.split('');
  let unterminated: string | undefined;
  const open = (what: string) => {
    unterminated = what;
    return sql.length;
  };
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
      if (depth > 0) j = open('unterminated block comment');
      blank(i, j);
      i = j;
    } else if (c === "'") {
      const escapes = (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !IDENT_CHAR.test(sql[i - 2] ?? ' ');
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) {
          j = open('unterminated string literal');
          break;
        }
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
        if (j >= sql.length) {
          j = open('unterminated quoted identifier');
          break;
        }
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
      const close = sql.indexOf(tag, i + tag.length);
      const end = close === -1 ? open(`unterminated dollar-quoted body ${tag}`) : close + tag.length;
      blank(i, end);
      i = end;
    } else {
      i++;
    }
  }
  return { mask: out.join(''), unterminated };
}

/** {@link scanSql}'s mask, or a {@link SqlScanError} for a construct left open. */
export function maskSql(sql: string): string {
  const { mask, unterminated } = scanSql(sql);
  if (unterminated !== undefined) throw new SqlScanError(unterminated);
  return mask;
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

/** One `:name` in the text: where it starts (the colon) and ends, and the name. */
export interface Placeholder {
  name: string;
  start: number;
  end: number;
}

/** Every `:name` placeholder of one statement, in order, repeats included (the rule above). */
export const placeholders: (sql: string) => readonly Placeholder[] = remembered((sql) =>
  Object.freeze(
    [...scanSql(sql).mask.matchAll(PLACEHOLDER)].map((m) => ({
      name: m[1]!,
      start: m.index,
      end: m.index + m[0].length,
    })),
  ),
);

/**
 * The distinct `:name` placeholders of one statement, in order of first use.
 *
 * @example
 * namedPlaceholders("SELECT :id::uuid, ':no' -- :no"); // ['id']
 */
export function namedPlaceholders(sql: string): string[] {
  return [...new Set(placeholders(sql).map((p) => p.name))];
}
