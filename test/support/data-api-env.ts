/**
 * How the jest global setup hands the test database server to test workers: environment
 * variables, which workers inherit. One PostgreSQL server runs per jest run, with a migrated
 * template database; each test file gets a database of its own copied from it
 * (file-database.ts). Two Data API emulators serve every file's database: `main` for ordinary
 * tests and `faulty` for fault-injection tests, so a fault injected by one test file never fails
 * another's calls on `main`.
 */
import type { DataApiConfig } from '../../lambdas/shared/data-api/client';

export type TestDataApiName = 'main' | 'faulty';

export interface TestDataApiEndpoint {
  endpoint: string;
  resourceArn: string;
  secretArn: string;
}

const PREFIX: Record<TestDataApiName, string> = { main: 'TEST_DATA_API', faulty: 'TEST_FAULTY_DATA_API' };

/** The test server's connection string (its `postgres` database). */
export const SERVER_URL_ENV = 'TEST_POSTGRES_URL';
/** The migrated database each test file's database is copied from. */
export const TEMPLATE_ENV = 'TEST_POSTGRES_TEMPLATE';
/** This test file's database (set by file-database.ts before the file's modules load). */
export const FILE_DATABASE_ENV = 'TEST_POSTGRES_DATABASE';

/** Publishes one emulator's coordinates into `env` (the global setup's process.env). */
export function publishEndpoint(
  name: TestDataApiName,
  endpoint: TestDataApiEndpoint,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const prefix = PREFIX[name];
  env[`${prefix}_ENDPOINT`] = endpoint.endpoint;
  env[`${prefix}_RESOURCE_ARN`] = endpoint.resourceArn;
  env[`${prefix}_SECRET_ARN`] = endpoint.secretArn;
}

/** One emulator's coordinates, or undefined when the global setup did not publish them. */
export function readEndpoint(
  name: TestDataApiName,
  env: NodeJS.ProcessEnv = process.env,
): TestDataApiEndpoint | undefined {
  const prefix = PREFIX[name];
  const endpoint = env[`${prefix}_ENDPOINT`];
  const resourceArn = env[`${prefix}_RESOURCE_ARN`];
  const secretArn = env[`${prefix}_SECRET_ARN`];
  if (!endpoint || !resourceArn || !secretArn) return undefined;
  return { endpoint, resourceArn, secretArn };
}

/** A client configuration for an emulator and a database: dummy credentials (the emulator does not check signatures). */
export function clientConfigFor(endpoint: TestDataApiEndpoint, database: string): DataApiConfig {
  return {
    region: 'us-east-1',
    endpoint: endpoint.endpoint,
    resourceArn: endpoint.resourceArn,
    secretArn: endpoint.secretArn,
    database,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}

/** The connection string of `database` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
