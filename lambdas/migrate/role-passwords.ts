/**
 * Gives each database role the password of its own Secrets Manager secret, after the
 * migrations created the roles. CDK generates the secrets (`username` fixed to the role); this
 * is the only place their passwords reach the database.
 *
 * `ALTER ROLE` takes no bind parameters, so the password never enters SQL text: it is bound to
 * `set_config` as a transaction-local setting, and a DO block builds the statement from it with
 * `format('%L')`. The statement PostgreSQL logs (`log_statement`) is the DO block, which holds no
 * password.
 */
import { isDatabaseRole, type DatabaseRole } from '../shared/data-api/database-roles';
import { withTransaction } from '../shared/data-api/transaction';
import type { DataExecutor } from '../shared/data-api/types';

/** A role and the password its secret holds. */
export interface RoleCredentials {
  role: DatabaseRole;
  password: string;
}

/** Reads a secret's `SecretString` by ARN. */
export type ReadSecretString = (secretArn: string) => Promise<string | undefined>;

/** Thrown when a role secret is not what CDK generated: the deploy must fail, naming the secret. */
export class RoleSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoleSecretError';
  }
}

/**
 * The role and password of one role secret (an RDS-shaped JSON secret). Its `username` must be
 * one of our roles: a secret can never make this function alter another role.
 *
 * @example
 * const credentials = await readRoleCredentials(read, process.env.APP_ROLE_SECRET_ARN);
 */
export async function readRoleCredentials(read: ReadSecretString, secretArn: string): Promise<RoleCredentials> {
  const text = await read(secretArn);
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    throw new RoleSecretError(`secret ${secretArn} is not JSON`);
  }
  const { username, password } = (value ?? {}) as { username?: unknown; password?: unknown };
  if (!isDatabaseRole(username)) throw new RoleSecretError(`secret ${secretArn} names no database role of ours`);
  if (typeof password !== 'string' || password.length < 16) {
    throw new RoleSecretError(`secret ${secretArn} holds no usable password`);
  }
  return { role: username, password };
}

/**
 * `ALTER ROLE <role> LOGIN PASSWORD <password>`, with the password bound, never spliced.
 *
 * @example
 * await setRolePassword(db, { role: 'intello_app', password });
 */
export async function setRolePassword(db: DataExecutor, credentials: RoleCredentials): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.query(
      "SELECT set_config('intello.role_name', :role, true), set_config('intello.role_password', :password, true)",
      { role: credentials.role, password: credentials.password },
    );
    await tx.query(
      `DO $set_password$
       BEGIN
         EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L',
           current_setting('intello.role_name'), current_setting('intello.role_password'));
       END
       $set_password$`,
    );
  });
}
