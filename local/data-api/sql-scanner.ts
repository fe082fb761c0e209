/**
 * Rewrites the Data API's named `:param` placeholders into PostgreSQL's `$n`, and finds a
 * second statement, with one lexical pass that knows where SQL text is *not* code: `::casts`,
 * 'strings' (with '' and E'\'' escapes), "identifiers", -- and nested block comments, and
 * $tag$ dollar-quoted bodies. A `:name` inside any of those is left alone, as on AWS.
 */
import { DataApiError } from './errors';

/** The rewritten SQL and, for each `$n`, the parameter name it stands for (`names[n - 1]`, repeats included). */
export interface RewrittenSql {
  text: string;
  names: string[];
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/**
 * Rewrites `:name` placeholders to `$1…$n` (one number per occurrence) and rejects a second
 * statement with the Data API's `ValidationException`. A trailing `;` is allowed.
 *
 * @example
 * rewriteNamedParameters("SELECT :id::text, ':x' -- :y\nWHERE a = :id");
 * // { text: "SELECT $1::text, ':x' -- :y\nWHERE a = $2", names: ['id', 'id'] }
 */
export function rewriteNamedParameters(sql: string): RewrittenSql {
  const names: string[] = [];
  let out = '';
  let i = 0;
  let statementEnded = false;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    const end = skipNonCode(sql, i);
    if (end > i) {
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (/\s/.test(ch)) {
      out += ch;
      i += 1;
      continue;
    }
    if (statementEnded) {
      if (ch === ';') {
        out += ch;
        i += 1;
        continue;
      }
      throw new DataApiError('ValidationException', "Multistatements aren't supported.");
    }
    if (ch === ';') {
      statementEnded = true;
      out += ch;
      i += 1;
      continue;
    }
    if (ch === ':' && next === ':') {
      out += '::';
      i += 2;
      continue;
    }
    if (ch === ':' && next !== undefined && IDENT_START.test(next) && !IDENT_PART.test(sql[i - 1] ?? ' ')) {
      let j = i + 1;
      while (j < sql.length && IDENT_PART.test(sql[j]!) && sql[j] !== '$') j += 1;
      // One `$n` per occurrence, as the service's JDBC `?` rewrite does: a name used twice is two
      // parameters with one value (so an untyped NULL can take a different type at each place).
      names.push(sql.slice(i + 1, j));
      out += `$${names.length}`;
      i = j;
      continue;
    }
    if (IDENT_START.test(ch)) {
      // Consume a whole word so that `E'…'` and `U&'…'` prefixes and `$` inside identifiers stay intact.
      let j = i + 1;
      while (j < sql.length && IDENT_PART.test(sql[j]!)) j += 1;
      if (j === i + 1 && (ch === 'E' || ch === 'e') && sql[j] === "'") {
        const close = skipQuoted(sql, j, "'", true);
        out += sql.slice(i, close);
        i = close;
        continue;
      }
      out += sql.slice(i, j);
      i = j;
      continue;
    }
    out += ch;
    i += 1;
  }
  return { text: out, names };
}

/** Where the quoted string, identifier, comment or dollar-quoted body starting at `i` ends (or `i`). */
function skipNonCode(sql: string, i: number): number {
  const ch = sql[i];
  const next = sql[i + 1];
  if (ch === "'") return skipQuoted(sql, i, "'", false);
  if (ch === '"') return skipQuoted(sql, i, '"', false);
  if (ch === '-' && next === '-') {
    const newline = sql.indexOf('\n', i);
    return newline === -1 ? sql.length : newline + 1;
  }
  if (ch === '/' && next === '*') return skipBlockComment(sql, i);
  if (ch === '$') {
    const tag = DOLLAR_TAG.exec(sql.slice(i, i + 128));
    if (tag) {
      const close = sql.indexOf(tag[0], i + tag[0].length);
      return close === -1 ? sql.length : close + tag[0].length;
    }
  }
  return i;
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth += 1;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}
