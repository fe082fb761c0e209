/**
 * `GET /internal/health` (internal API, platform key). The SQL files travel in the asset beside
 * this bundle (`migrations/`, as for the migration function): their names are what "current"
 * means for this release.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDataApiClient } from '../shared/data-api/client';
import { loadMigrationsFromDirectory } from '../shared/data-api/migrations-directory';
import { createHttpHandler } from '../shared/http/create-http-handler';
import { functionLogger } from '../shared/http/logger';
import { platformKeyFromConfig } from '../shared/http/platform-key';
import { config } from './config';
import { deepHealthOperations } from './get-deep-health';

const logger = functionLogger('internal-health');
const db = createDataApiClient(config.dataApi);
// Beside the bundle in Lambda and the local stack; the repository's folder when run from source (tests, benches).
const bundled = fileURLToPath(new URL('./migrations', import.meta.url));
const migrationsDir = existsSync(bundled) ? bundled : fileURLToPath(new URL('../../migrations', import.meta.url));
const migrationNames = (await loadMigrationsFromDirectory(migrationsDir)).map((migration) => migration.name);

export const handler = createHttpHandler({
  functionName: 'internal-health',
  operations: deepHealthOperations,
  deps: { db, migrationNames },
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
  platformKey: platformKeyFromConfig(config.platformKey, { region: config.dataApi.region }, logger),
});
