/**
 * The deploy-time migration function, run by a CDK trigger after the cluster exists. The SQL
 * files travel in the asset beside this bundle (`migrations/`), so a changed migration changes
 * the function and re-runs the trigger. The client's retry policy waits out a paused cluster's
 * resume; a failure fails the deploy, which is what we want.
 *
 * It is the only function that holds the master secret. After the migrations (which create the
 * database roles) it sets each role's password from the role's own secret.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDataApiClient } from '../shared/data-api/client';
import { runMigrations, type MigrationReport } from '../shared/data-api/migrate';
import { loadMigrationsFromDirectory } from '../shared/data-api/migrations-directory';
import { secretsManagerReader } from '../shared/aws/secret-reader';
import { loadMigrateConfig } from './config';
import { readRoleCredentials, setRolePassword } from './role-passwords';

const config = loadMigrateConfig();
const db = createDataApiClient(config.dataApi);
const readSecret = secretsManagerReader(new SecretsManagerClient({}));
const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies every pending migration, then the role passwords; the trigger passes no meaningful event. */
export async function handler(): Promise<MigrationReport & { rolePasswordsSet: string[] }> {
  const report = await runMigrations(db, await loadMigrationsFromDirectory(migrationsDir));
  const rolePasswordsSet: string[] = [];
  for (const secretArn of config.roleSecretArns) {
    const credentials = await readRoleCredentials(
      async (arn) => (await readSecret(arn, 'AWSCURRENT'))?.value,
      secretArn,
    );
    await setRolePassword(db, credentials);
    rolePasswordsSet.push(credentials.role);
  }
  console.log(JSON.stringify({ level: 'INFO', message: 'migrations applied', ...report, rolePasswordsSet }));
  return { ...report, rolePasswordsSet };
}
