import { rmSync } from 'node:fs';
import { LOCAL_DATABASE } from '../../../local/data-api/constants';
import { type LocalDatabase, openLocalDatabase } from '../../../local/data-api/local-database';
import { queryRows, searchableTempDir } from '../../support/scratch-postgres';

const dirs: string[] = [];
const opened: LocalDatabase[] = [];
async function open(dir: string): Promise<LocalDatabase> {
  const database = await openLocalDatabase({ kind: 'embedded', dir });
  opened.push(database);
  return database;
}
afterAll(async () => {
  for (const database of opened) await database.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = searchableTempDir('local-database-test-');
  dirs.push(dir);
  return dir;
}

describe('openLocalDatabase on the embedded server', () => {
  it('makes a database that maps case as Aurora’s glibc does, one character at a time, in every script', async () => {
    const database = await open(freshDir());
    expect(database.description).not.toContain('made with');
    expect(
      await queryRows(database.connectionString, "SELECT lower('ÉLISE ΝΊΚΟΣ İ') AS lowered, upper('straße') AS raised"),
    ).toEqual([{ lowered: 'élise νίκοσ i', raised: 'STRAßE' }]);
  });

  it('sorts text by code point, where Aurora’s en_US sorts a before B (a difference docs/DATA.md states)', async () => {
    const database = await open(freshDir());
    expect(
      await queryRows(
        database.connectionString,
        "SELECT array_agg(x ORDER BY x) AS sorted FROM unnest(ARRAY['b', 'B', 'a', 'A']) x",
      ),
    ).toEqual([{ sorted: ['A', 'B', 'a', 'b'] }]);
  });

  it.each([
    ['locale C', "LOCALE_PROVIDER libc LOCALE 'C'", 'Élise'],
    ['locale ICU en-US', "LOCALE_PROVIDER icu LOCALE 'C' ICU_LOCALE 'en-US'", 'élise'],
  ])('names a database an earlier version made with %s, which keeps it', async (name, options, lowered) => {
    const dir = freshDir();
    const first = await open(dir);
    const server = first.embedded!.url();
    await queryRows(server, `DROP DATABASE ${LOCAL_DATABASE}`);
    await queryRows(server, `CREATE DATABASE ${LOCAL_DATABASE} ${options} TEMPLATE template0`);
    await first.close();
    const again = await open(dir);
    expect(again.description).toContain(`made with ${name}, whose lower() differs from Aurora's`);
    expect(again.description).toContain(`remove ${again.embedded!.dataDir} to make it again`);
    expect(await queryRows(again.connectionString, "SELECT lower('ÉLISE') AS lowered")).toEqual([{ lowered }]);
  });
});
