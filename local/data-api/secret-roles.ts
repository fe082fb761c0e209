/**
 * Which PostgreSQL role a local secret stands for. On AWS the Data API logs in with the
 * credentials of the secret a call names, so a function holding the application role's secret
 * can run only what `intello_app` may run. Locally every secret maps to the same role, and the
 * backend runs the call's statements under `SET ROLE` (see `postgres-backend.ts`): a statement
 * the role may not run fails with the same `DatabaseErrorException` (permission denied, SQLState
 * 42501) as on AWS.
 *
 * The master secret (`LOCAL_SECRET_ARN`) runs as the connection's own user, as the migrations
 * need. The emulator proves grants; it is not a sandbox: its session user is the server's owner,
 * so SQL that switches role itself (`RESET ROLE`, `set_config('role', …)`) escapes locally, for
 * that call, where on AWS it cannot (the backend closes such a connection rather than pool it).
 */
import { DATABASE_ROLES, type DatabaseRole } from '../../lambdas/shared/data-api/database-roles';
import { LOCAL_SECRET_ARN } from './constants';

/** Each role's local secret ARN, shaped like a real one (a name and a six-character suffix). */
export const LOCAL_ROLE_SECRET_ARNS: Readonly<Record<DatabaseRole, string>> = {
  intello_app: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:intello-local-db-app-GhIjKl',
  intello_authorizer: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:intello-local-db-authorizer-MnOpQr',
};

/**
 * The role a call's `secretArn` runs as: a role name, `null` for the master secret (no role
 * switch), or `undefined` for a secret the emulator does not know.
 *
 * @example
 * roleForSecret(LOCAL_ROLE_SECRET_ARNS.intello_app); // 'intello_app'
 * roleForSecret(LOCAL_SECRET_ARN); // null
 */
export function roleForSecret(secretArn: string): DatabaseRole | null | undefined {
  if (secretArn === LOCAL_SECRET_ARN) return null;
  return DATABASE_ROLES.find((role) => LOCAL_ROLE_SECRET_ARNS[role] === secretArn);
}
