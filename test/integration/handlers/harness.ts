/**
 * Loads the seven business functions' real handler modules (config read from the environment at
 * import, exactly as in Lambda) pointed at the local Data API the jest global setup started, and
 * helpers to call them with REST proxy events and to look at the database directly.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { DataExecutor } from '../../../lambdas/shared/data-api/types';
import { LOCAL_ROLE_SECRET_ARNS } from '../../../local/data-api/secret-roles';
import { startSsmServer } from '../../../local/ssm/server';
import { readEndpoint } from '../../support/data-api-env';
import { authorizerContext, lambdaContext, nowSeconds } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { newOwner } from '../../support/store-fixtures';
import { fileDatabase } from '../../support/test-data-api';

export const PLATFORM_KEY = 'pk_test_4f1c9a7e2b6d8c0e5a3b';
export const APP_ORIGIN = 'https://app.intello.io';

type Handler = (
  event: APIGatewayProxyEvent,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyResult>;

export interface Handlers {
  health: Handler;
  'auth-sync': Handler;
  me: Handler;
  specs: Handler;
  'internal-health': Handler;
  org: Handler;
  'org-api-keys': Handler;
  'internal-orgs': Handler;
  'internal-users': Handler;
}

/** The local Data API the global setup started. */
export function mainDataApi() {
  const main = readEndpoint('main');
  if (!main)
    throw new Error('The local Data API is not running: run these tests through jest, whose global setup starts it');
  return main;
}

/** The environment the CDK app gives the business functions, with the local Data API (or a proxy in front of it). */
export function functionEnv(dataApiEndpoint?: string): Record<string, string> {
  const main = mainDataApi();
  return {
    AWS_REGION: 'us-east-1',
    DATA_API_ENDPOINT: dataApiEndpoint ?? main.endpoint,
    DATA_API_RESOURCE_ARN: main.resourceArn,
    // The application role, as the CDK app gives it: a handler needing more than DML fails here.
    DATA_API_SECRET_ARN: LOCAL_ROLE_SECRET_ARNS.intello_app,
    DATA_API_DATABASE: fileDatabase().name,
    CORS_ALLOWED_ORIGINS: APP_ORIGIN,
    AUTH_CLOCK_SKEW_SECONDS: '30',
    PLATFORM_API_KEY: PLATFORM_KEY,
    ORG_API_KEYS: 'true',
    // Keep jest's output readable: info lines of every request are not needed here.
    POWERTOOLS_LOG_LEVEL: 'CRITICAL',
  };
}

let loaded: Promise<Handlers> | undefined;

/** Imports the real handler modules once per test file, after setting their environment. */
export function loadHandlers(options: { dataApiEndpoint?: string } = {}): Promise<Handlers> {
  loaded ??= (async () => {
    Object.assign(process.env, functionEnv(options.dataApiEndpoint));
    // Revocations flush the authorizer caches of the registered stages: here, an empty local registry.
    const registry = await startSsmServer({ parameters: {}, unref: true });
    Object.assign(process.env, {
      AUTHORIZER_CONSUMERS_PATH: '/intello/test/authorizer/consumers',
      SSM_ENDPOINT: registry.url,
      API_GATEWAY_ENDPOINT: registry.url,
    });
    const [health, authSync, me, specs, org, orgApiKeys, internalHealth, internalOrgs, internalUsers] =
      await Promise.all([
        import('../../../lambdas/health/handler'),
        import('../../../lambdas/auth-sync/handler'),
        import('../../../lambdas/me/handler'),
        import('../../../lambdas/specs/handler'),
        import('../../../lambdas/org/handler'),
        import('../../../lambdas/org-api-keys/handler'),
        import('../../../lambdas/internal-health/handler'),
        import('../../../lambdas/internal-orgs/handler'),
        import('../../../lambdas/internal-users/handler'),
      ]);
    return {
      health: health.handler,
      'auth-sync': authSync.handler,
      me: me.handler,
      specs: specs.handler,
      'internal-health': internalHealth.handler,
      org: org.handler,
      'org-api-keys': orgApiKeys.handler,
      'internal-orgs': internalOrgs.handler,
      'internal-users': internalUsers.handler,
    } as Handlers;
  })();
  return loaded;
}

export interface CallResult {
  status: number;
  headers: Record<string, unknown>;
  body: string;
  json: any;
}

/** Invokes a handler as Lambda would and parses its JSON body. */
export async function call(handler: Handler, event: APIGatewayProxyEvent): Promise<CallResult> {
  const response = await handler(event, lambdaContext());
  let json: unknown;
  try {
    json = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers ?? {}, body: response.body, json };
}

/** The authorizer context of a live token for `sub`. */
export function authFor(sub: string, options: { email?: string; exp?: number } = {}) {
  return authorizerContext({
    sub,
    email: options.email ?? `${sub.slice(0, 8)}@example.com`,
    exp: options.exp ?? nowSeconds() + 600,
  });
}

/** A synced owner with a fresh org, and the authorizer context of their token. */
export async function syncedOwner(db: DataExecutor = testDb()) {
  const { user, org } = await newOwner(db);
  return { user, org, auth: authFor(user.id, { email: user.email ?? '' }) };
}

/** A user id that has never synced. */
export function unsyncedUserId(): string {
  return randomUUID();
}

/** Counts rows of a table matching a condition on the org (or all rows with no org). */
export async function countRows(
  db: DataExecutor,
  table: 'specs' | 'users' | 'orgs' | 'org_api_keys' | 'org_events',
  where: string,
  params: Record<string, unknown> = {},
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
    params as never,
  );
  return rows[0]!.n;
}
