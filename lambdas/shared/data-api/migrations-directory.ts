/**
 * Reads migrations from a folder, for the local stack and the tests. The migration Lambda does
 * not use this: its bundle carries the SQL as strings.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Migration } from './migrate';

/**
 * Every `*.sql` file of `directory`, sorted by name.
 */
export async function loadMigrationsFromDirectory(directory: string): Promise<Migration[]> {
  const names = (await readdir(directory)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(join(directory, name), 'utf8') })));
}
