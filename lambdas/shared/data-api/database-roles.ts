/**
 * The PostgreSQL roles the functions reach the database as, one name list shared by the
 * migrations (`migrations/0004_database_roles.sql` creates them), the CDK app (one Secrets
 * Manager secret per role, `username` fixed to the role), the migration function (which sets
 * each role's password from its secret) and the local Data API (which maps a secret to its role).
 */

/**
 * - `intello_app`: DML on the application tables, read-only on `schema_migrations`, no DDL.
 * - `intello_authorizer`: read-only on the API keys table once it exists; nothing before.
 */
export const DATABASE_ROLES = ['intello_app', 'intello_authorizer'] as const;

export type DatabaseRole = (typeof DATABASE_ROLES)[number];

/** True when `name` is one of {@link DATABASE_ROLES}. */
export function isDatabaseRole(name: unknown): name is DatabaseRole {
  return (DATABASE_ROLES as readonly unknown[]).includes(name);
}
