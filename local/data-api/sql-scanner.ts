/**
 * Rewrites the Data API's named `:param` placeholders into PostgreSQL's `$n`, and refuses a
 * second statement, over the one SQL lexer the Lambda client uses too
 * (`lambdas/shared/data-api/sql-scan.ts`, which documents what a placeholder is).
 */
import { placeholders, scanSql } from '../../lambdas/shared/data-api/sql-scan';
import { DataApiError } from './errors';

/** The rewritten SQL and, for each `$n`, the parameter name it stands for (`names[n - 1]`, repeats included). */
export interface RewrittenSql {
  text: string;
  names: string[];
}

/**
 * Rewrites `:name` placeholders to `$1…$n` (one number per occurrence) and rejects a second
 * statement with the Data API's `ValidationException`. A trailing `;` is allowed. SQL with a
 * quote left open goes to PostgreSQL as it is, for PostgreSQL's own syntax error.
 *
 * @example
 * rewriteNamedParameters("SELECT :id::text, ':x' -- :y\nWHERE a = :id");
 * // { text: "SELECT $1::text, ':x' -- :y\nWHERE a = $2", names: ['id', 'id'] }
 */
export function rewriteNamedParameters(sql: string): RewrittenSql {
  const { mask } = scanSql(sql);
  const firstEnd = mask.indexOf(';');
  if (firstEnd !== -1 && /[^\s;]/.test(mask.slice(firstEnd + 1))) {
    throw new DataApiError('ValidationException', "Multistatements aren't supported.");
  }
  // One `$n` per occurrence, as the service's JDBC `?` rewrite does: a name used twice is two
  // parameters with one value (so an untyped NULL can take a different type at each place).
  const names: string[] = [];
  let text = '';
  let from = 0;
  for (const placeholder of placeholders(sql)) {
    names.push(placeholder.name);
    text += `${sql.slice(from, placeholder.start)}$${names.length}`;
    from = placeholder.end;
  }
  return { text: text + sql.slice(from), names };
}
