/**
 * The migration function's configuration, read once at cold start: the Data API target (the
 * master secret: this is the one function that holds it) and the role secrets whose passwords
 * it sets after the migrations.
 */
import { listEnv } from '../shared/env';
import { loadDataApiConfig } from '../shared/http/config';
import type { DataApiConfig } from '../shared/data-api/client';

type Env = Record<string, string | undefined>;

export interface MigrateConfig {
  dataApi: DataApiConfig;
  /** `DATABASE_ROLE_SECRET_ARNS`: one secret per database role, comma-separated. */
  roleSecretArns: string[];
}

/**
 * Reads and validates the environment.
 *
 * @example
 * const config = loadMigrateConfig();
 */
export function loadMigrateConfig(env: Env = process.env): MigrateConfig {
  // The trigger allows 5 minutes: keep the client's full 45 s resume budget, not the request one.
  return {
    dataApi: { ...loadDataApiConfig(env), retry: {} },
    roleSecretArns: listEnv('DATABASE_ROLE_SECRET_ARNS', env),
  };
}
