/**
 * The role a pooled connection runs under (local/data-api/session-roles.ts), on a real
 * connection to the file's database, whose roles are the migrations' own.
 */
import pg from 'pg';
import { SessionRoles } from '../../../local/data-api/session-roles';
import { fileDatabase } from '../../support/test-data-api';

let pool: pg.Pool;
let client: pg.PoolClient;
const currentUser = async () =>
  (await client.query<{ current_user: string }>('SELECT current_user')).rows[0]!.current_user;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: fileDatabase().url, max: 1 });
  client = await pool.connect();
});
afterAll(async () => {
  client?.release(true);
  await pool?.end();
});

describe('SessionRoles', () => {
  it('switches a connection to a role only once, and back to its own user', async () => {
    const roles = new SessionRoles();
    const owner = await currentUser();
    await roles.enter(client, 'intello_app');
    await roles.enter(client, 'intello_app');
    expect(await currentUser()).toBe('intello_app');
    expect(roles.intact(client)).toBe(true);
    await roles.enter(client, null);
    expect(await currentUser()).toBe(owner);
    expect(roles.intact(client)).toBe(true);
  });

  it('leaves the role unknown when a switch fails, and a later switch makes it known again', async () => {
    const roles = new SessionRoles();
    await roles.enter(client, 'intello_app');
    await expect(roles.enter(client, 'no_such_role')).rejects.toThrow(/role "no_such_role" does not exist/);
    expect(roles.intact(client)).toBe(false);
    await roles.enter(client, 'intello_app');
    expect(roles.intact(client)).toBe(true);
    expect(await currentUser()).toBe('intello_app');
    await roles.enter(client, null);
  });

  it('takes a connection for unknown once SQL that may switch its role runs, or PostgreSQL reports a switch', async () => {
    const roles = new SessionRoles();
    await roles.enter(client, 'intello_app');
    roles.noteSql(client, 'SELECT 1');
    expect(roles.intact(client)).toBe(true);
    roles.noteSql(client, 'sET   ROLE none');
    expect(roles.intact(client)).toBe(false);

    await roles.enter(client, 'intello_app');
    expect(roles.intact(client)).toBe(true);
    await client.query("SELECT set_config('role', 'none', false)");
    expect(roles.intact(client)).toBe(false);
    await roles.enter(client, null);
  });
});
