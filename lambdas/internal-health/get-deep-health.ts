/**
 * `GET /internal/health` (internal API, platform key): the deep check. The database answers, and
 * every migration this release ships is recorded in `schema_migrations`. 200 when both hold;
 * 503 when the database cannot answer (`service_unavailable`) or migrations are behind (the
 * body names the pending ones, so an operator knows the deploy's migration trigger did not run).
 */
import { ApiError } from '../shared/api-error';
import { sqlStateOf } from '../shared/data-api/errors';
import type { DataExecutor } from '../shared/data-api/types';
import { operation } from '../shared/http/operation';
import type { OperationResult, PlatformCaller } from '../shared/http/types';

export interface DeepHealthDeps {
  db: DataExecutor;
  /** The migration file names this release ships (read once at cold start). */
  migrationNames: readonly string[];
}

/** SQLSTATE of a missing table: no migration has run yet. */
const UNDEFINED_TABLE = '42P01';

/** The recorded migration names, or none when `schema_migrations` does not exist yet. */
async function appliedMigrations(db: DataExecutor): Promise<Set<string>> {
  try {
    const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
    return new Set(rows.map((row) => row.name));
  } catch (cause) {
    if (sqlStateOf(cause) === UNDEFINED_TABLE) return new Set();
    throw new ApiError('service_unavailable', 'database is unavailable', { cause });
  }
}

/**
 * @example
 * await getDeepHealth({ db, migrationNames: ['0001_orgs.sql'] })
 * // { status: 200, body: { status: 'ok', database: 'ok', migrations: 'current', pending: [] } }
 */
export async function getDeepHealth(deps: DeepHealthDeps): Promise<OperationResult> {
  const applied = await appliedMigrations(deps.db);
  const pending = deps.migrationNames.filter((name) => !applied.has(name));
  if (pending.length > 0) {
    return { status: 503, body: { status: 'unavailable', database: 'ok', migrations: 'behind', pending } };
  }
  return { status: 200, body: { status: 'ok', database: 'ok', migrations: 'current', pending } };
}

export const deepHealthOperations = {
  getDeepHealth: operation<DeepHealthDeps, PlatformCaller>()({ run: (_input, deps) => getDeepHealth(deps) }),
};
