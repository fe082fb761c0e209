/**
 * How the jest global setup hands the local Data API to test workers: environment variables,
 * which workers inherit. Two emulators run per jest run: `main` for ordinary tests and `faulty`
 * for fault-injection tests, so a fault injected by one test file never fails another's calls.
 */
import type { DataApiConfig } from '../../lambdas/shared/data-api/client';

export type TestDataApiName = 'main' | 'faulty';

export interface TestDataApiEndpoint {
  endpoint: string;
  resourceArn: string;
  secretArn: string;
  database: string;
}

const PREFIX: Record<TestDataApiName, string> = { main: 'TEST_DATA_API', faulty: 'TEST_FAULTY_DATA_API' };

/** Which engine is behind the emulators: `postgres` in the real-PostgreSQL lane (DATABASE_URL set). */
export const BACKEND_ENV = 'TEST_DATA_API_BACKEND';

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
  env[`${prefix}_DATABASE`] = endpoint.database;
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
  const database = env[`${prefix}_DATABASE`];
  if (!endpoint || !resourceArn || !secretArn || !database) return undefined;
  return { endpoint, resourceArn, secretArn, database };
}

/** A client configuration for an emulator: dummy credentials (the emulator does not check signatures). */
export function clientConfigFor(endpoint: TestDataApiEndpoint): DataApiConfig {
  return {
    region: 'us-east-1',
    endpoint: endpoint.endpoint,
    resourceArn: endpoint.resourceArn,
    secretArn: endpoint.secretArn,
    database: endpoint.database,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}
