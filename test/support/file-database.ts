/**
 * Jest `setupFilesAfterEnv` of the database project: gives the test file a database of its own,
 * copied from the migrated template (`CREATE DATABASE … TEMPLATE`), so files never see each
 * other's rows and run in parallel. The name is chosen now, before the file's modules load, so a
 * client made at module scope (`const db = testDb()`) already names it; the database exists
 * from the first `beforeAll` on. It is dropped when the next file starts in the same worker (a
 * worker runs one file at a time; an `afterAll` here would run before the file's own, while its
 * stacks still use the database); the global teardown removes the last ones with the server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { FILE_DATABASE_ENV, SERVER_URL_ENV, TEMPLATE_ENV } from './data-api-env';

const serverUrl = process.env[SERVER_URL_ENV];
const template = process.env[TEMPLATE_ENV];
if (!serverUrl || !template) {
  throw new Error(
    'The test database server is not running: run these tests through jest, whose global setup starts it',
  );
}
const workerPrefix = `test_${process.pid}_`;
const name = `${workerPrefix}${randomBytes(6).toString('hex')}`;
process.env[FILE_DATABASE_ENV] = name;

beforeAll(async () => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const earlier = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [workerPrefix],
    );
    for (const { datname } of earlier.rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    // A copy takes the template's tables and grants but not its database-level privileges: the
    // roles migration's REVOKE TEMPORARY … FROM PUBLIC is said again for the copy.
    await client.query(`REVOKE TEMPORARY ON DATABASE ${name} FROM PUBLIC`);
  } finally {
    await client.end();
  }
}, 60_000);
