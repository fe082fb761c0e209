import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { MigrationError, runMigrations, type Migration } from '../../../lambdas/shared/data-api/migrate';
import { loadMigrationsFromDirectory } from '../../../lambdas/shared/data-api/migrations-directory';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { testDb } from '../../support/database';

const db = testDb();
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** A throwaway migration with a unique name and table, removed again after the test. */
function scratchMigration(sql: (table: string) => string): Migration & { table: string } {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const table = `scratch_${suffix}`;
  return { name: `9999_scratch_${suffix}.sql`, sql: sql(table), table };
}

async function tableExists(table: string): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>('SELECT to_regclass(:table) IS NOT NULL AS present', { table });
  return rows[0]!.present;
}

async function recorded(name: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM schema_migrations WHERE name = :name', { name });
  return rows.length === 1;
}

async function removeScratch(m: { name: string; table: string }): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${m.table}`);
  await db.query('DELETE FROM schema_migrations WHERE name = :name', { name: m.name });
}

describe('runMigrations', () => {
  it('applies nothing the second time: every migration is recorded once', async () => {
    const migrations = await loadMigrationsFromDirectory(MIGRATIONS_DIR);
    const report = await runMigrations(db, migrations);
    expect(report).toEqual({ applied: [], skipped: migrations.map((m) => m.name) });
    const { rows } = await db.query<{ name: string }>(
      'SELECT name FROM schema_migrations WHERE name < :max ORDER BY name',
      { max: '9' },
    );
    expect(rows.map((r) => r.name)).toEqual([
      '0001_orgs.sql',
      '0002_users.sql',
      '0003_specs.sql',
      '0004_database_roles.sql',
      '0005_teams.sql',
      '0006_org_api_keys.sql',
      '0007_member_changes.sql',
    ]);
  });

  it('applies a new migration exactly once when two runners race', async () => {
    const m = scratchMigration((t) => `CREATE TABLE ${t} (id int PRIMARY KEY);\nINSERT INTO ${t} VALUES (1);`);
    try {
      const reports = await Promise.all([runMigrations(db, [m]), runMigrations(db, [m]), runMigrations(db, [m])]);
      expect(reports.flatMap((r) => r.applied)).toEqual([m.name]);
      expect(reports.flatMap((r) => r.skipped)).toEqual([m.name, m.name]);
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${m.table}`);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await removeScratch(m);
    }
  });

  it('rolls a failing migration back whole and does not record it', async () => {
    const m = scratchMigration((t) => `CREATE TABLE ${t} (id int);\nINSERT INTO ${t} VALUES ('not a number');`);
    try {
      const error = await runMigrations(db, [m]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toBe(`migration ${m.name} failed`);
      expect(await tableExists(m.table)).toBe(false);
      expect(await recorded(m.name)).toBe(false);
    } finally {
      await removeScratch(m);
    }
  });

  it('refuses a migration that changed after it was applied', async () => {
    const m = scratchMigration((t) => `CREATE TABLE ${t} (id int)`);
    try {
      await runMigrations(db, [m]);
      await expect(runMigrations(db, [{ name: m.name, sql: `${m.sql} -- edited` }])).rejects.toThrow(
        `migration ${m.name} was changed after it was applied`,
      );
    } finally {
      await removeScratch(m);
    }
  });

  it('refuses badly named or duplicate-numbered migrations before touching the database', async () => {
    await expect(runMigrations(db, [{ name: 'init.sql', sql: 'SELECT 1' }])).rejects.toThrow(
      'migration name init.sql is not NNNN_words.sql',
    );
    await expect(
      runMigrations(db, [
        { name: '0001_a.sql', sql: 'SELECT 1' },
        { name: '0001_b.sql', sql: 'SELECT 1' },
      ]),
    ).rejects.toThrow('two migrations share the number 0001');
  });
});

describe('schema constraints', () => {
  const orgId = randomUUID();

  beforeAll(async () => {
    await db.query('INSERT INTO orgs (id, name) VALUES (:id, :name)', {
      id: uuid(orgId),
      name: `constraints-${orgId}`,
    });
  });

  it('defaults a new org to the free plan', async () => {
    const { rows } = await db.query<{ plan: string }>('SELECT plan FROM orgs WHERE id = :id', { id: uuid(orgId) });
    expect(rows[0]!.plan).toBe('free');
  });

  it('refuses an unknown plan, an unknown role and an empty org name in the database itself', async () => {
    await expect(db.query(`UPDATE orgs SET plan = 'gold' WHERE id = :id`, { id: uuid(orgId) })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      db.query(`INSERT INTO users (id, org_id, email, role) VALUES (:id, :orgId, 'x@example.com', 'root')`, {
        id: uuid(randomUUID()),
        orgId: uuid(orgId),
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(db.query(`INSERT INTO orgs (name) VALUES ('')`)).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('refuses a user in an org that does not exist', async () => {
    await expect(
      db.query(`INSERT INTO users (id, org_id, role) VALUES (:id, :orgId, 'member')`, {
        id: uuid(randomUUID()),
        orgId: uuid(randomUUID()),
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});
