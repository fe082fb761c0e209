/**
 * The migration runner, shared by the deploy-time migration Lambda (which bundles the SQL files)
 * and the local stack (which reads them from `migrations/`). Each migration runs in its own
 * transaction, one statement per Data API call, and is recorded in `schema_migrations` with a
 * checksum. The Data API has no session, so a session advisory lock cannot span calls; instead
 * every migration's transaction first takes `pg_advisory_xact_lock`, which two racing runners
 * serialize on, and the loser then sees the migration recorded and skips it.
 */
import { createHash } from 'node:crypto';
import { splitSqlStatements } from './sql-scan';
import { withTransaction } from './transaction';
import type { DataExecutor, TransactionalExecutor } from './types';

/** One migration: a file name (which orders them) and its SQL. */
export interface Migration {
  name: string;
  sql: string;
}

export interface MigrationReport {
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** Migrations that were already recorded. */
  skipped: string[];
}

/** Thrown when the migrations are inconsistent: nothing was changed by the failing step. */
export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

const NAME_RE = /^\d{4}_[a-z0-9_]+\.sql$/;
/** An arbitrary constant shared by every runner of this schema. */
const LOCK_KEY = 7_420_031;

/** sha256 of the SQL, to refuse a migration that was edited after it was applied. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

function validate(migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  sorted.forEach((m, i) => {
    if (!NAME_RE.test(m.name)) throw new MigrationError(`migration name ${m.name} is not NNNN_words.sql`);
    if (i > 0 && sorted[i - 1]!.name.slice(0, 4) === m.name.slice(0, 4)) {
      throw new MigrationError(`two migrations share the number ${m.name.slice(0, 4)}`);
    }
    if (splitSqlStatements(m.sql).length === 0) throw new MigrationError(`migration ${m.name} has no statement`);
  });
  return sorted;
}

async function lockAndPrepare(tx: DataExecutor): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(:key)', { key: LOCK_KEY });
  await tx.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       name       text PRIMARY KEY,
       checksum   text NOT NULL,
       applied_at timestamptz(3) NOT NULL DEFAULT now()
     )`,
  );
}

/** Applies one migration unless recorded; true when it was applied by this call. */
async function applyOne(db: TransactionalExecutor, migration: Migration): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    await lockAndPrepare(tx);
    const { rows } = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE name = :name', {
      name: migration.name,
    });
    const checksum = checksumOf(migration.sql);
    if (rows[0]) {
      if (rows[0].checksum !== checksum)
        throw new MigrationError(`migration ${migration.name} was changed after it was applied`);
      return false;
    }
    for (const statement of splitSqlStatements(migration.sql)) {
      try {
        await tx.query(statement);
      } catch (error) {
        throw new MigrationError(`migration ${migration.name} failed`, { cause: error });
      }
    }
    await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES (:name, :checksum)', {
      name: migration.name,
      checksum,
    });
    return true;
  });
}

/**
 * Applies every migration not yet recorded, in name order. Safe to run again and to run from
 * two places at once. A failing migration is rolled back whole; those before it stay applied.
 *
 * @example
 * const report = await runMigrations(db, await loadMigrationsFromDirectory('migrations'));
 * console.log(report.applied); // ['0001_orgs.sql', …] the first time, [] after
 */
export async function runMigrations(
  db: TransactionalExecutor,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  const report: MigrationReport = { applied: [], skipped: [] };
  for (const migration of validate(migrations)) {
    (await applyOne(db, migration)) ? report.applied.push(migration.name) : report.skipped.push(migration.name);
  }
  return report;
}
