/**
 * The deploy-time migration function, run by a CDK trigger after the cluster exists. The SQL
 * files travel in the asset beside this bundle (`migrations/`), so a changed migration changes
 * the function and re-runs the trigger. The client's retry policy waits out a paused cluster's
 * resume; a failure fails the deploy, which is what we want.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDataApiClient } from '../shared/data-api/client';
import { runMigrations, type MigrationReport } from '../shared/data-api/migrate';
import { loadMigrationsFromDirectory } from '../shared/data-api/migrations-directory';
import { loadDataApiConfig } from '../shared/http/config';

// The trigger allows 5 minutes: keep the client's full 45 s resume budget, not the request one.
const db = createDataApiClient({ ...loadDataApiConfig(), retry: {} });
const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies every pending migration; the trigger passes no meaningful event. */
export async function handler(): Promise<MigrationReport> {
  const report = await runMigrations(db, await loadMigrationsFromDirectory(migrationsDir));
  console.log(JSON.stringify({ level: 'INFO', message: 'migrations applied', ...report }));
  return report;
}
