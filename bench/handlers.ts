/**
 * The business functions' performance figures, printed as tables:
 * 1. per-request overhead of the middleware stack, database excluded: each route's handler built
 *    by `createHttpHandler` over an in-memory store vs the same plain operation called directly
 *    with the same store, measured side by side in alternating rounds;
 * 2. Data API calls per request for every route of both APIs, people and org API keys, with the
 *    real handler modules and the real store on the local Data API (PostgreSQL 17, embedded), counted on the wire
 *    by a proxy, against each route's goal: 1 for a read or a single-row write (the caller's row
 *    is read in the operation's statement), at most 2 for a multi-row write, 0 for `/health`;
 * 3. each function's production bundle size (esbuild, as the CDK app builds it).
 * Exits non-zero when a route exceeds its goal. Run with `npm run bench:handlers`
 * (`-- --calls-only` for table 2 alone).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { healthOperations } from '../lambdas/health/get-health';
import { getOrgOperation } from '../lambdas/internal-orgs/get-org';
import { setOrgPlanOperation } from '../lambdas/internal-orgs/set-org-plan';
import { meOperations } from '../lambdas/me/get-me';
import { ROUTES, type FunctionName } from '../lambdas/routes';
import type { DataExecutor } from '../lambdas/shared/data-api/types';
import { createDataApiClient } from '../lambdas/shared/data-api/client';
import { runMigrations } from '../lambdas/shared/data-api/migrate';
import { loadMigrationsFromDirectory } from '../lambdas/shared/data-api/migrations-directory';
import { createHttpHandler } from '../lambdas/shared/http/create-http-handler';
import { callerFinder } from '../lambdas/shared/http/auth-context';
import type { OperationSpec } from '../lambdas/shared/http/operation';
import { staticPlatformKey } from '../lambdas/shared/http/platform-key';
import type { Caller } from '../lambdas/shared/http/types';
import { specsOperations } from '../lambdas/specs/operations';
import { openLocalDatabase } from '../local/data-api/local-database';
import { startDataApiServer } from '../local/data-api/server';
import { apiKeyAuthorizerContext, authorizerContext, lambdaContext, routeEvent } from '../test/support/apigw-events';
import { startCountingProxy } from '../test/integration/handlers/counting-proxy';
import { buildLambdaBundle } from './support/bundle';
import { median, opsPerSecond } from './support/stats';
import { createInMemoryStore } from './handlers-in-memory-store';

/** `--calls-only`: only table 2 (also how it is run on an older commit for the before figures). */
const CALLS_ONLY = process.argv.includes('--calls-only');
const ROUNDS = 5;
const ROUND_MS = 300;
const KEY = 'pk_bench_0123456789abcdefghij';

// The local Data API: part 2 counts calls on it; part 1 times one call on it, for scale.
const database = await openLocalDatabase({ kind: 'embedded', dir: undefined });
const server = await startDataApiServer({
  host: '127.0.0.1',
  port: 0,
  connectionString: database.connectionString,
  log: () => undefined,
});
const dataApi = {
  region: 'us-east-1',
  endpoint: server.url,
  resourceArn: server.resourceArn,
  secretArn: server.secretArn,
  database: server.database,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};
await runMigrations(
  createDataApiClient(dataApi),
  await loadMigrationsFromDirectory(fileURLToPath(new URL('../migrations', import.meta.url))),
);
const dataApiClient = createDataApiClient(dataApi);

// ---- 1. middleware overhead, database excluded
const store = createInMemoryStore();
const sub = randomUUID();
const { org } = store.seed(sub);
const exp = Math.floor(Date.now() / 1000) + 3600;
const authorizer = authorizerContext({ sub, email: 'bench@example.com', exp });
const db = {} as DataExecutor; // never used: the in-memory store ignores it
const deps = { db, store };
const logger = new Logger({ serviceName: 'bench' });
const spec = await store.createSpec(db, { orgId: org.id, createdBy: sub, name: 'bench spec' });

function stack(fn: FunctionName, operations: Record<string, OperationSpec<typeof deps>>) {
  return createHttpHandler({
    functionName: fn,
    operations,
    deps,
    logger,
    corsAllowedOrigins: ['https://app.intello.io'],
    auth: { clockSkewSeconds: 30, findCaller: callerFinder(db, store.findUserById) },
    ...(fn.startsWith('internal') ? { platformKey: staticPlatformKey(KEY) } : {}),
  });
}

const user: Caller = { kind: 'ref', subject: 'user', id: sub, minRole: 'member', scope: 'any', now: new Date() };
interface Case {
  label: string;
  fn: FunctionName;
  operations: Record<string, OperationSpec<typeof deps>>;
  op: OperationSpec<typeof deps>;
  event: () => APIGatewayProxyEvent;
  input: { auth: Caller; body: unknown; params: Record<string, unknown>; query: Record<string, unknown> };
}
const cases: Case[] = [
  {
    label: 'GET /health',
    fn: 'health',
    operations: healthOperations,
    op: healthOperations.getHealth,
    event: () => routeEvent('getHealth'),
    input: { auth: { kind: 'none' }, body: undefined, params: {}, query: {} },
  },
  {
    label: 'GET /api/me',
    fn: 'me',
    operations: meOperations,
    op: meOperations.getMe,
    event: () => routeEvent('getMe', { authorizer }),
    input: { auth: user, body: undefined, params: {}, query: {} },
  },
  {
    label: 'GET /api/specs',
    fn: 'specs',
    operations: specsOperations,
    op: specsOperations.listSpecs,
    event: () => routeEvent('listSpecs', { authorizer, query: { limit: '20' } }),
    input: { auth: user, body: undefined, params: {}, query: { limit: 20 } },
  },
  {
    label: 'GET /api/specs/{specId}',
    fn: 'specs',
    operations: specsOperations,
    op: specsOperations.getSpec,
    event: () => routeEvent('getSpec', { authorizer, pathParameters: { specId: spec.id } }),
    input: { auth: user, body: undefined, params: { specId: spec.id }, query: {} },
  },
  {
    label: 'POST /api/specs',
    fn: 'specs',
    operations: specsOperations,
    op: specsOperations.createSpec,
    event: () =>
      routeEvent('createSpec', { authorizer, body: { name: 'bench', sourceUrl: 'https://example.com/o.json' } }),
    input: { auth: user, body: { name: 'bench', sourceUrl: 'https://example.com/o.json' }, params: {}, query: {} },
  },
  {
    label: 'GET /internal/orgs/{orgId}',
    fn: 'internal-orgs',
    operations: { getOrg: getOrgOperation, setOrgPlan: setOrgPlanOperation },
    op: getOrgOperation,
    event: () => routeEvent('getOrg', { pathParameters: { orgId: org.id }, headers: { 'x-api-key': KEY } }),
    input: { auth: { kind: 'platform' }, body: undefined, params: { orgId: org.id }, query: {} },
  },
];

if (!CALLS_ONLY) {
  console.log(
    '\n1. Middleware stack overhead per request (in-memory store, database excluded; median of alternating rounds)\n',
  );
  const dataApiRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++)
    dataApiRates.push(await opsPerSecond(() => dataApiClient.query('SELECT 1 AS ok'), ROUND_MS));
  const dataApiUs = 1e6 / median(dataApiRates);
  console.log(
    `One Data API call (SELECT 1, SDK → HTTP → local emulator on PostgreSQL 17, embedded): ${dataApiUs.toFixed(0)} µs — for scale; on AWS a call is typically milliseconds.\n`,
  );
  console.log('| route | plain operation µs | full stack µs | overhead µs | overhead / one local Data API call |');
  console.log('|---|---:|---:|---:|---:|');
  for (const c of cases) {
    const handler = stack(c.fn, c.operations);
    const context = lambdaContext(c.fn);
    const probe = await handler(c.event(), context);
    if (probe.statusCode >= 300) throw new Error(`${c.label} answered ${probe.statusCode}: ${probe.body}`);
    // The event is rebuilt per request (the stack mutates its headers); building it is timed on its own and subtracted.
    const viaStack = () => handler(c.event(), lambdaContext(c.fn));
    const direct = () => c.op.run(c.input, deps);
    const build = () => [c.event(), lambdaContext(c.fn)];
    const stackRates: number[] = [];
    const directRates: number[] = [];
    const buildRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      stackRates.push(await opsPerSecond(viaStack, ROUND_MS));
      directRates.push(await opsPerSecond(direct, ROUND_MS));
      buildRates.push(await opsPerSecond(build, ROUND_MS));
    }
    const stackUs = 1e6 / median(stackRates) - 1e6 / median(buildRates);
    const directUs = 1e6 / median(directRates);
    const overheadUs = stackUs - directUs;
    console.log(
      `| ${c.label} | ${directUs.toFixed(1)} | ${stackUs.toFixed(1)} | ${overheadUs.toFixed(1)} | ${((overheadUs / dataApiUs) * 100).toFixed(1)} % |`,
    );
  }
}

// ---- 2. Data API calls per request, real store on the local Data API
console.log(
  '\n2. Data API calls per request (real handler modules and store, local Data API on PostgreSQL 17, embedded, counted on the wire)\n',
);
const proxy = await startCountingProxy(server.url);
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  DATA_API_ENDPOINT: proxy.url,
  DATA_API_RESOURCE_ARN: server.resourceArn,
  DATA_API_SECRET_ARN: server.secretArn,
  DATA_API_DATABASE: server.database,
  PLATFORM_API_KEY: KEY,
  ORG_API_KEYS: 'true',
  POWERTOOLS_LOG_LEVEL: 'CRITICAL',
});
const modules = {
  health: (await import('../lambdas/health/handler')).handler,
  'auth-sync': (await import('../lambdas/auth-sync/handler')).handler,
  me: (await import('../lambdas/me/handler')).handler,
  specs: (await import('../lambdas/specs/handler')).handler,
  'internal-health': (await import('../lambdas/internal-health/handler')).handler,
  org: (await import('../lambdas/org/handler')).handler,
  'org-api-keys': (await import('../lambdas/org-api-keys/handler')).handler,
  'internal-orgs': (await import('../lambdas/internal-orgs/handler')).handler,
  'internal-users': (await import('../lambdas/internal-users/handler')).handler,
} as Record<
  FunctionName,
  (e: APIGatewayProxyEvent, c: ReturnType<typeof lambdaContext>) => Promise<{ statusCode: number; body: string }>
>;

const realSub = randomUUID();
const realAuth = authorizerContext({ sub: realSub, email: 'counted@example.com', exp });
const inviteeSub = randomUUID();
const inviteeAuth = authorizerContext({ sub: inviteeSub, email: 'invitee@example.com', exp });
const platform = { 'x-api-key': KEY };
const state: Record<string, string> = {};

/** What a route may cost: 0 (no database), 1 (a read or a single-row write), 2 (a multi-row write). */
type Goal = 0 | 1 | 2;
interface CountedCase {
  label: string;
  fn: FunctionName;
  event: () => APIGatewayProxyEvent;
  goal: Goal;
  /** Keeps what later cases need (ids, tokens) from the answer. */
  keep?: (body: Record<string, unknown>) => void;
}

const keyAuth = () => apiKeyAuthorizerContext({ keyId: state.keyId!, orgId: state.orgId!, scopes: [] });
const countedCases: CountedCase[] = [
  { label: 'GET /health', fn: 'health', event: () => routeEvent('getHealth'), goal: 0 },
  {
    label: 'GET /api/me before sync (428)',
    fn: 'me',
    event: () => routeEvent('getMe', { authorizer: realAuth }),
    goal: 1,
  },
  {
    label: 'POST /auth/sync (first, 201)',
    fn: 'auth-sync',
    event: () => routeEvent('syncCaller', { authorizer: realAuth }),
    goal: 2,
    keep: (b) => {
      state.orgId = (b.org as { id: string }).id;
    },
  },
  {
    label: 'POST /auth/sync (again, 200)',
    fn: 'auth-sync',
    event: () => routeEvent('syncCaller', { authorizer: realAuth }),
    goal: 2,
  },
  { label: 'GET /api/me', fn: 'me', event: () => routeEvent('getMe', { authorizer: realAuth }), goal: 1 },
  {
    label: 'POST /api/specs',
    fn: 'specs',
    event: () => routeEvent('createSpec', { authorizer: realAuth, body: { name: 'counted' } }),
    goal: 1,
    keep: (b) => {
      state.specId = b.id as string;
    },
  },
  { label: 'GET /api/specs', fn: 'specs', event: () => routeEvent('listSpecs', { authorizer: realAuth }), goal: 1 },
  {
    label: 'GET /api/specs/{specId}',
    fn: 'specs',
    event: () => routeEvent('getSpec', { authorizer: realAuth, pathParameters: { specId: state.specId! } }),
    goal: 1,
  },
  {
    label: 'GET /api/specs/{specId} (404)',
    fn: 'specs',
    event: () => routeEvent('getSpec', { authorizer: realAuth, pathParameters: { specId: randomUUID() } }),
    goal: 1,
  },
  {
    label: 'PATCH /api/specs/{specId}',
    fn: 'specs',
    event: () =>
      routeEvent('updateSpec', {
        authorizer: realAuth,
        pathParameters: { specId: state.specId! },
        body: { name: 'renamed' },
      }),
    goal: 1,
  },
  {
    label: 'DELETE /api/specs/{specId}',
    fn: 'specs',
    event: () => routeEvent('deleteSpec', { authorizer: realAuth, pathParameters: { specId: state.specId! } }),
    goal: 1,
  },
  { label: 'GET /api/org', fn: 'org', event: () => routeEvent('getTeamOrg', { authorizer: realAuth }), goal: 1 },
  {
    label: 'PATCH /api/org',
    fn: 'org',
    event: () => routeEvent('renameOrg', { authorizer: realAuth, body: { name: 'Counted team' } }),
    goal: 1,
  },
  {
    label: 'POST /api/org/invitations',
    fn: 'org',
    event: () =>
      routeEvent('createInvitation', { authorizer: realAuth, body: { email: 'invitee@example.com', role: 'member' } }),
    goal: 1,
    keep: (b) => {
      state.token = b.token as string;
    },
  },
  {
    label: 'GET /api/org/invitations',
    fn: 'org',
    event: () => routeEvent('listInvitations', { authorizer: realAuth }),
    goal: 1,
  },
  {
    label: 'POST /api/invitations/accept (never synced)',
    fn: 'org',
    event: () => routeEvent('acceptInvitation', { authorizer: inviteeAuth, body: { token: state.token! } }),
    goal: 2,
  },
  {
    label: 'GET /api/org/members',
    fn: 'org',
    event: () => routeEvent('listMembers', { authorizer: realAuth }),
    goal: 1,
  },
  {
    label: 'PATCH /api/org/members/{userId}',
    fn: 'org',
    event: () =>
      routeEvent('changeMemberRole', {
        authorizer: realAuth,
        pathParameters: { userId: inviteeSub },
        body: { role: 'admin' },
      }),
    goal: 1,
  },
  {
    label: 'GET /api/org/events',
    fn: 'org',
    event: () => routeEvent('listOrgEvents', { authorizer: realAuth }),
    goal: 1,
  },
  {
    label: 'POST /api/org/invitations (another)',
    fn: 'org',
    event: () =>
      routeEvent('createInvitation', { authorizer: realAuth, body: { email: 'other@example.com', role: 'admin' } }),
    goal: 1,
    keep: (b) => {
      state.invitationId = (b.invitation as { id: string }).id;
    },
  },
  {
    label: 'DELETE /api/org/invitations/{invitationId}',
    fn: 'org',
    event: () =>
      routeEvent('revokeInvitation', { authorizer: realAuth, pathParameters: { invitationId: state.invitationId! } }),
    goal: 1,
  },
  {
    label: 'DELETE /api/org/members/{userId}',
    fn: 'org',
    event: () => routeEvent('removeMember', { authorizer: realAuth, pathParameters: { userId: inviteeSub } }),
    goal: 2,
  },
  {
    label: 'POST /api/org/api-keys',
    fn: 'org-api-keys',
    event: () =>
      routeEvent('createApiKey', {
        authorizer: realAuth,
        body: { name: 'counted', scopes: ['specs:read', 'specs:write'] },
      }),
    goal: 1,
    keep: (b) => {
      state.keyId = (b.apiKey as { id: string }).id;
    },
  },
  {
    label: 'GET /api/org/api-keys',
    fn: 'org-api-keys',
    event: () => routeEvent('listApiKeys', { authorizer: realAuth }),
    goal: 1,
  },
  { label: 'key: GET /api/me', fn: 'me', event: () => routeEvent('getMe', { authorizer: keyAuth() }), goal: 1 },
  {
    label: 'key: POST /api/specs',
    fn: 'specs',
    event: () => routeEvent('createSpec', { authorizer: keyAuth(), body: { name: 'by key' } }),
    goal: 1,
    keep: (b) => {
      state.keySpecId = b.id as string;
    },
  },
  {
    label: 'key: GET /api/specs',
    fn: 'specs',
    event: () => routeEvent('listSpecs', { authorizer: keyAuth() }),
    goal: 1,
  },
  {
    label: 'key: GET /api/specs/{specId}',
    fn: 'specs',
    event: () => routeEvent('getSpec', { authorizer: keyAuth(), pathParameters: { specId: state.keySpecId! } }),
    goal: 1,
  },
  {
    label: 'key: PATCH /api/specs/{specId}',
    fn: 'specs',
    event: () =>
      routeEvent('updateSpec', {
        authorizer: keyAuth(),
        pathParameters: { specId: state.keySpecId! },
        body: { name: 'by key, renamed' },
      }),
    goal: 1,
  },
  {
    label: 'key: DELETE /api/specs/{specId}',
    fn: 'specs',
    event: () => routeEvent('deleteSpec', { authorizer: keyAuth(), pathParameters: { specId: state.keySpecId! } }),
    goal: 1,
  },
  {
    label: 'key: GET /api/org (people only, 403)',
    fn: 'org',
    event: () => routeEvent('getTeamOrg', { authorizer: keyAuth() }),
    goal: 0,
  },
  {
    label: 'DELETE /api/org/api-keys/{keyId}',
    fn: 'org-api-keys',
    event: () => routeEvent('revokeApiKey', { authorizer: realAuth, pathParameters: { keyId: state.keyId! } }),
    goal: 1,
  },
  {
    label: 'key: GET /api/specs once revoked (401)',
    fn: 'specs',
    event: () => routeEvent('listSpecs', { authorizer: keyAuth() }),
    goal: 1,
  },
  {
    label: 'GET /internal/health',
    fn: 'internal-health',
    event: () => routeEvent('getDeepHealth', { headers: platform }),
    goal: 1,
  },
  {
    label: 'GET /internal/orgs/{orgId}',
    fn: 'internal-orgs',
    event: () => routeEvent('getOrg', { pathParameters: { orgId: state.orgId! }, headers: platform }),
    goal: 1,
  },
  {
    label: 'PUT /internal/orgs/{orgId}/plan',
    fn: 'internal-orgs',
    event: () =>
      routeEvent('setOrgPlan', { pathParameters: { orgId: state.orgId! }, headers: platform, body: { plan: 'pro' } }),
    goal: 2,
  },
  {
    label: 'GET /internal/users/{userId}',
    fn: 'internal-users',
    event: () => routeEvent('getUser', { pathParameters: { userId: realSub }, headers: platform }),
    goal: 1,
  },
];

console.log('| route | status | Data API calls | by operation | goal |');
console.log('|---|---:|---:|---|---|');
const over: string[] = [];
for (const c of countedCases) {
  proxy.reset();
  const res = await modules[c.fn](c.event(), lambdaContext(c.fn));
  const calls = proxy.total();
  if (calls > c.goal) over.push(`${c.label}: ${calls} > ${c.goal}`);
  if (res.statusCode < 300 && c.keep) c.keep(JSON.parse(res.body));
  const byOperation =
    Object.entries(proxy.counts())
      .map(([path, n]) => `${path.slice(1)}×${n}`)
      .join(' ') || '–';
  console.log(
    `| ${c.label} | ${res.statusCode} | ${calls} | ${byOperation} | ${c.goal === 2 ? '≤ 2' : c.goal} ${calls <= c.goal ? 'ok' : 'OVER'} |`,
  );
}
await proxy.close();
await server.close();
await database.close();

// ---- 3. bundle sizes
if (!CALLS_ONLY) {
  console.log('\n3. Production bundle per function (esbuild, minified ESM, as the CDK app builds it)\n');
  console.log('| function | bytes |');
  console.log('|---|---:|');
  for (const fn of [...new Set(ROUTES.map((r) => r.function))]) {
    const { bytes } = await buildLambdaBundle(fn, `lambdas/${fn}/handler.ts`);
    console.log(`| ${fn} | ${(bytes / 1024).toFixed(1)} KiB |`);
  }
}

if (over.length > 0) {
  console.error(`\nRoutes over their Data API call goal:\n${over.join('\n')}`);
  process.exit(1);
}
