/**
 * The local Data API honours the secret a call names: each local secret stands for the same
 * PostgreSQL role as on AWS (`local/data-api/secret-roles.ts`), so what the role may not run
 * fails locally exactly as on AWS. The roles and grants are the migrations' own
 * (`migrations/0004_database_roles.sql`), applied by the global setup with the master secret.

 */
import { randomUUID } from 'node:crypto';
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  type RDSDataClient,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import { LOCAL_ROLE_SECRET_ARNS } from '../../../local/data-api/secret-roles';
import { readEndpoint } from '../../support/data-api-env';
import { failure, sdkClient, str } from './harness';
import { fileDatabase } from '../../support/test-data-api';

describe('database roles through the local Data API', () => {
  const endpoint = readEndpoint('main')!;
  let client: RDSDataClient;
  const target = (secretArn: string) => ({
    resourceArn: endpoint.resourceArn,
    secretArn,
    database: fileDatabase().name,
  });
  const asMaster = (sql: string, parameters?: SqlParameter[]) =>
    client.send(new ExecuteStatementCommand({ ...target(endpoint.secretArn), sql, parameters }));
  const asApp = (sql: string, parameters?: SqlParameter[], transactionId?: string) =>
    client.send(
      new ExecuteStatementCommand({ ...target(LOCAL_ROLE_SECRET_ARNS.intello_app), sql, parameters, transactionId }),
    );
  const asAuthorizer = (sql: string) =>
    client.send(new ExecuteStatementCommand({ ...target(LOCAL_ROLE_SECRET_ARNS.intello_authorizer), sql }));

  /** Asserts the AWS wire shape of a privilege error: DatabaseErrorException, 400, SQLState 42501. */
  async function expectPermissionDenied(call: Promise<unknown>, message: RegExp): Promise<void> {
    const error = await failure(call);
    expect(error.name).toBe('DatabaseErrorException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/; SQLState: 42501$/);
  }

  beforeAll(() => {
    client = sdkClient(endpoint.endpoint);
  });
  afterAll(() => client.destroy());

  it('runs the application secret as intello_app and the master secret as the connection user', async () => {
    const app = await asApp('SELECT current_user');
    expect(app.records).toEqual([[{ stringValue: 'intello_app' }]]);
    const master = await asMaster('SELECT current_user');
    expect(master.records?.[0]?.[0]?.stringValue).not.toBe('intello_app');
  });

  it("runs each call under its own secret's role as calls of different secrets take turns on pooled connections", async () => {
    const owner = (await asMaster('SELECT current_user')).records?.[0]?.[0]?.stringValue;
    for (let round = 0; round < 2; round += 1) {
      expect((await asApp('SELECT current_user')).records).toEqual([[{ stringValue: 'intello_app' }]]);
      expect((await asApp('SELECT current_user')).records).toEqual([[{ stringValue: 'intello_app' }]]);
      expect((await asAuthorizer('SELECT current_user')).records).toEqual([[{ stringValue: 'intello_authorizer' }]]);
      expect((await asMaster('SELECT current_user')).records).toEqual([[{ stringValue: owner }]]);
    }
  });

  it.each(['SET ROLE NONE', 'RESET ROLE', "SELECT set_config('role', 'none', false)", 'DISCARD ALL'])(
    'does not carry a role switched by the statement "%s" into the next call',
    async (sql) => {
      await asApp(sql);
      expect((await asApp('SELECT current_user')).records).toEqual([[{ stringValue: 'intello_app' }]]);
      await asAuthorizer(sql);
      expect((await asAuthorizer('SELECT current_user')).records).toEqual([[{ stringValue: 'intello_authorizer' }]]);
    },
  );

  it('does not carry a role switched inside a function, where the text does not show it, into the next call', async () => {
    const fn = `switch_role_${randomUUID().replaceAll('-', '')}`;
    await asMaster(
      `CREATE FUNCTION ${fn}() RETURNS text LANGUAGE sql AS $$ SELECT set_config('role', 'none', false) $$`,
    );
    try {
      await asApp(`SELECT ${fn}()`);
      expect((await asApp('SELECT current_user')).records).toEqual([[{ stringValue: 'intello_app' }]]);
    } finally {
      await asMaster(`DROP FUNCTION ${fn}()`);
    }
  });

  it("checks a schema's USAGE for the application role after the master ran the same statement twice", async () => {
    const schema = `hidden_${randomUUID().replaceAll('-', '')}`;
    await asMaster(`CREATE SCHEMA ${schema}`);
    try {
      await asMaster(`CREATE TABLE ${schema}.t (a int)`);
      const read = `SELECT a FROM ${schema}.t`;
      await asMaster(read);
      await asMaster(read);
      await expectPermissionDenied(asApp(read), /^ERROR: permission denied for schema/);
    } finally {
      await asMaster(`DROP SCHEMA ${schema} CASCADE`);
    }
  });

  it('lets the application role insert, read, update and delete application rows', async () => {
    const id = randomUUID();
    const name = `roles-${id}`;
    await asApp('INSERT INTO orgs (id, name) VALUES (CAST(:id AS uuid), :name)', [str('id', id), str('name', name)]);
    await asApp("UPDATE orgs SET plan = 'pro' WHERE id = CAST(:id AS uuid)", [str('id', id)]);
    const read = await asApp('SELECT name, plan FROM orgs WHERE id = CAST(:id AS uuid)', [str('id', id)]);
    expect(read.records).toEqual([[{ stringValue: name }, { stringValue: 'pro' }]]);
    const deleted = await asApp('DELETE FROM orgs WHERE id = CAST(:id AS uuid)', [str('id', id)]);
    expect(deleted.numberOfRecordsUpdated).toBe(1);
  });

  it('refuses DROP TABLE to the application role', async () => {
    await expectPermissionDenied(asApp('DROP TABLE specs'), /^ERROR: must be owner of table specs/);
  });

  it('refuses CREATE TABLE to the application role, in public and as a temporary table', async () => {
    await expectPermissionDenied(
      asApp('CREATE TABLE roles_probe (id int)'),
      /^ERROR: permission denied for schema public/,
    );
    await expectPermissionDenied(
      asApp('CREATE TEMPORARY TABLE roles_probe (id int)'),
      /^ERROR: permission denied to create temporary tables in database/,
    );
  });

  it('refuses ALTER ROLE to the application role, on itself and on another role', async () => {
    // PostgreSQL 15 says "permission denied", 16+ "permission denied to alter role".
    await expectPermissionDenied(asApp('ALTER ROLE intello_app CREATEROLE'), /^ERROR: permission denied/);
    await expectPermissionDenied(asApp('ALTER ROLE intello_authorizer LOGIN'), /^ERROR: permission denied/);
  });

  it('refuses DDL inside a transaction begun with the application secret, and the role ends with it', async () => {
    const { transactionId } = await client.send(
      new BeginTransactionCommand(target(LOCAL_ROLE_SECRET_ARNS.intello_app)),
    );
    const inside = await asApp('SELECT current_user', undefined, transactionId);
    expect(inside.records).toEqual([[{ stringValue: 'intello_app' }]]);
    await expectPermissionDenied(
      asApp('ALTER TABLE orgs ADD COLUMN probe int', undefined, transactionId),
      /must be owner of table orgs/,
    );
    // The pooled connection went back without the role: the master can still run DDL.
    const table = `roles_probe_${randomUUID().replaceAll('-', '')}`;
    await asMaster(`CREATE TABLE ${table} (id int)`);
    await asMaster(`DROP TABLE ${table}`);
  });

  it('lets the application role read the migration ledger but never write it', async () => {
    const read = await asApp("SELECT count(*) FROM schema_migrations WHERE name = '0001_orgs.sql'");
    expect(read.records).toEqual([[{ longValue: 1 }]]);
    await expectPermissionDenied(
      asApp("DELETE FROM schema_migrations WHERE name = '0001_orgs.sql'"),
      /^ERROR: permission denied for table schema_migrations/,
    );
  });

  it('keeps the audit log append-only for the application role, while an org still takes its events with it', async () => {
    const orgId = randomUUID();
    await asApp('INSERT INTO orgs (id, name) VALUES (CAST(:id AS uuid), :name)', [
      str('id', orgId),
      str('name', 'audit'),
    ]);
    await asApp(
      "INSERT INTO org_events (org_id, action, target) VALUES (CAST(:id AS uuid), 'org.renamed', '{}'::jsonb)",
      [str('id', orgId)],
    );
    await expectPermissionDenied(
      asApp("UPDATE org_events SET action = 'org.plan_changed' WHERE org_id = CAST(:id AS uuid)", [str('id', orgId)]),
      /^ERROR: permission denied for table org_events/,
    );
    await expectPermissionDenied(
      asApp('DELETE FROM org_events WHERE org_id = CAST(:id AS uuid)', [str('id', orgId)]),
      /^ERROR: permission denied for table org_events/,
    );
    await asApp('DELETE FROM orgs WHERE id = CAST(:id AS uuid)', [str('id', orgId)]);
    const left = await asMaster('SELECT count(*) FROM org_events WHERE org_id = CAST(:id AS uuid)', [str('id', orgId)]);
    expect(left.records).toEqual([[{ longValue: 0 }]]);
  });

  it('gives the authorizer role no application table until the API keys table grants it one', async () => {
    await expectPermissionDenied(
      asAuthorizer('SELECT id FROM orgs LIMIT 1'),
      /^ERROR: permission denied for table orgs/,
    );
  });

  it('answers SecretsErrorException for a secret the emulator does not know', async () => {
    const error = await failure(
      client.send(
        new ExecuteStatementCommand({
          ...target('arn:aws:secretsmanager:us-east-1:000000000000:secret:someone-else-AbCdEf'),
          sql: 'SELECT 1',
        }),
      ),
    );
    expect(error.name).toBe('SecretsErrorException');
  });

  it('commits DML made in a transaction begun with the application secret', async () => {
    const id = randomUUID();
    const { transactionId } = await client.send(
      new BeginTransactionCommand(target(LOCAL_ROLE_SECRET_ARNS.intello_app)),
    );
    await asApp(
      'INSERT INTO orgs (id, name) VALUES (CAST(:id AS uuid), :name)',
      [str('id', id), str('name', id)],
      transactionId,
    );
    await client.send(new CommitTransactionCommand({ ...target(LOCAL_ROLE_SECRET_ARNS.intello_app), transactionId }));
    const read = await asMaster('SELECT count(*) FROM orgs WHERE id = CAST(:id AS uuid)', [str('id', id)]);
    expect(read.records).toEqual([[{ longValue: 1 }]]);
    await asMaster('DELETE FROM orgs WHERE id = CAST(:id AS uuid)', [str('id', id)]);
  });
});
