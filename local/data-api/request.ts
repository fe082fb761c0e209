/**
 * Validation of what every Data API call carries: the cluster and secret ARNs, the database,
 * and the members the service refuses on Aurora Serverless v2.
 */
import { LIMITS, LOCAL_RESOURCE_ARN } from './constants';
import { DataApiError } from './errors';
import { roleForSecret } from './secret-roles';

/** A decoded request body. */
export type RequestBody = Record<string, unknown>;

/**
 * Refuses a call that addresses another cluster, secret or database, as AWS would for a
 * Lambda whose role is granted only this cluster and secret. Returns the PostgreSQL role the
 * secret stands for (`null`: the master secret), see `secret-roles.ts`.
 *
 * @example
 * checkTarget({ resourceArn: LOCAL_RESOURCE_ARN, secretArn: LOCAL_SECRET_ARN }, { database: true }); // null
 */
export function checkTarget(body: RequestBody, options: { database: boolean }): string | null {
  const resourceArn = requireString(body, 'resourceArn');
  const secretArn = requireString(body, 'secretArn');
  if (resourceArn !== LOCAL_RESOURCE_ARN) {
    throw new DataApiError(
      'AccessDeniedException',
      `User: arn:aws:sts::000000000000:assumed-role/local/local is not authorized to perform: rds-data:* on resource: ${resourceArn}`,
    );
  }
  const role = roleForSecret(secretArn);
  if (role === undefined) {
    throw new DataApiError(
      'SecretsErrorException',
      `Error fetching secret ${secretArn}: Secrets Manager can't find the specified secret.`,
    );
  }
  if (!options.database) return role;
  if (body.schema !== undefined) {
    throw new DataApiError('ValidationException', "The schema parameter isn't supported.");
  }
  // Any database of the server may be named; one it lacks is refused when the call connects.
  optionalString(body, 'database');
  return role;
}

/** The `sql` member, checked for presence and length. */
export function requireSql(body: RequestBody): string {
  const sql = requireString(body, 'sql');
  if (sql.length > LIMITS.sqlCharacters) {
    throw new DataApiError(
      'ValidationException',
      `SQL statement length exceeds the limit of ${LIMITS.sqlCharacters} characters.`,
    );
  }
  return sql;
}

/** A required string member. */
export function requireString(body: RequestBody, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') {
    throw new DataApiError('BadRequestException', `${name} is required.`);
  }
  return value;
}

/** An optional string member. */
export function optionalString(body: RequestBody, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new DataApiError('BadRequestException', `${name} must be a string.`);
  return value;
}

/** An optional boolean member. */
export function optionalBoolean(body: RequestBody, name: string): boolean {
  const value = body[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new DataApiError('BadRequestException', `${name} must be a boolean.`);
  return value;
}
