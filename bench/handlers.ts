/**
 * The business functions' performance figures, printed as tables:
 * 1. per-request overhead of the middleware stack, database excluded: each route's handler built
 *    by `createHttpHandler` over an in-memory store vs the same plain operation called directly
 *    with the same store, measured side by side in alternating rounds;
 * 2. Data API calls per request for every route, with the real handler modules and the real store
 *    on the local Data API (PGlite), counted on the wire by a proxy; authenticated reads must
 *    cost at most 2 (users row + the read);
 * 3. each function's production bundle size (esbuild, as the CDK app builds it).
 * Exits non-zero when a read exceeds the Data API budget. Run with `npm run bench:handlers`.
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
import { startDataApiServer } from '../local/data-api/server';
import { authorizerContext, lambdaContext, routeEvent } from '../test/support/apigw-events';
import { startCountingProxy } from '../test/integration/handlers/counting-proxy';
import { buildLambdaBundle } from './support/bundle';
import { median, opsPerSecond } from './support/stats';
import { createInMemoryStore } from './handlers-in-memory-store';

const ROUNDS = 5;
const ROUND_MS = 300;
const READ_BUDGET = 2;
const KEY = 'pk_bench_0123456789abcdefghij';

// The local Data API: part 2 counts calls on it; part 1 times one call on it, for scale.
const server = await startDataApiServer({
  host: '127.0.0.1',
  port: 0,
  backend: { kind: 'pglite' },
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

console.log(
  '\n1. Middleware stack overhead per request (in-memory store, database excluded; median of alternating rounds)\n',
);
const dataApiRates: number[] = [];
for (let round = 0; round < ROUNDS; round++)
  dataApiRates.push(await opsPerSecond(() => dataApiClient.query('SELECT 1 AS ok'), ROUND_MS));
const dataApiUs = 1e6 / median(dataApiRates);
console.log(
  `One Data API call (SELECT 1, SDK → HTTP → local emulator on PGlite): ${dataApiUs.toFixed(0)} µs — for scale; on AWS a call is typically milliseconds.\n`,
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

// ---- 2. Data API calls per request, real store on the local Data API
console.log(
  '\n2. Data API calls per request (real handler modules and store, local Data API on PGlite, counted on the wire)\n',
);
const proxy = await startCountingProxy(server.url);
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  DATA_API_ENDPOINT: proxy.url,
  DATA_API_RESOURCE_ARN: server.resourceArn,
  DATA_API_SECRET_ARN: server.secretArn,
  DATA_API_DATABASE: server.database,
  PLATFORM_API_KEY: KEY,
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
const state: { specId?: string; orgId?: string } = {};
async function counted(label: string, fn: FunctionName, event: () => APIGatewayProxyEvent, read: boolean) {
  proxy.reset();
  const res = await modules[fn](event(), lambdaContext(fn));
  const calls = proxy.total();
  const ok = !read || calls <= READ_BUDGET;
  console.log(
    `| ${label} | ${res.statusCode} | ${calls} | ${
      Object.entries(proxy.counts())
        .map(([p, n]) => `${p.slice(1)}×${n}`)
        .join(' ') || '–'
    } | ${read ? `≤ ${READ_BUDGET} ${ok ? 'ok' : 'OVER'}` : ''} |`,
  );
  return { res, ok };
}
console.log('| route | status | Data API calls | by operation | read budget |');
console.log('|---|---:|---:|---|---|');
const results: boolean[] = [];
results.push((await counted('GET /health', 'health', () => routeEvent('getHealth'), true)).ok);
results.push(
  (await counted('GET /health?deep=1', 'health', () => routeEvent('getHealth', { query: { deep: '1' } }), true)).ok,
);
results.push(
  (await counted('GET /api/me before sync (428)', 'me', () => routeEvent('getMe', { authorizer: realAuth }), true)).ok,
);
const synced = await counted(
  'POST /auth/sync (first, 201)',
  'auth-sync',
  () => routeEvent('syncCaller', { authorizer: realAuth }),
  false,
);
state.orgId = JSON.parse(synced.res.body).org.id;
await counted(
  'POST /auth/sync (again, 200)',
  'auth-sync',
  () => routeEvent('syncCaller', { authorizer: realAuth }),
  false,
);
results.push((await counted('GET /api/me', 'me', () => routeEvent('getMe', { authorizer: realAuth }), true)).ok);
const created = await counted(
  'POST /api/specs',
  'specs',
  () => routeEvent('createSpec', { authorizer: realAuth, body: { name: 'counted' } }),
  false,
);
state.specId = JSON.parse(created.res.body).id;
results.push(
  (await counted('GET /api/specs', 'specs', () => routeEvent('listSpecs', { authorizer: realAuth }), true)).ok,
);
results.push(
  (
    await counted(
      'GET /api/specs/{specId}',
      'specs',
      () => routeEvent('getSpec', { authorizer: realAuth, pathParameters: { specId: state.specId! } }),
      true,
    )
  ).ok,
);
await counted(
  'PATCH /api/specs/{specId}',
  'specs',
  () =>
    routeEvent('updateSpec', {
      authorizer: realAuth,
      pathParameters: { specId: state.specId! },
      body: { name: 'renamed' },
    }),
  false,
);
await counted(
  'DELETE /api/specs/{specId}',
  'specs',
  () => routeEvent('deleteSpec', { authorizer: realAuth, pathParameters: { specId: state.specId! } }),
  false,
);
// The team routes: the synced user above is the owner; a second, never-synced user accepts.
const inviteeSub = randomUUID();
const inviteeAuth = authorizerContext({ sub: inviteeSub, email: 'invitee@example.com', exp });
results.push((await counted('GET /api/org', 'org', () => routeEvent('getTeamOrg', { authorizer: realAuth }), true)).ok);
await counted(
  'PATCH /api/org',
  'org',
  () => routeEvent('renameOrg', { authorizer: realAuth, body: { name: 'Counted team' } }),
  false,
);
const invited = await counted(
  'POST /api/org/invitations',
  'org',
  () =>
    routeEvent('createInvitation', { authorizer: realAuth, body: { email: 'invitee@example.com', role: 'member' } }),
  false,
);
results.push(
  (
    await counted(
      'GET /api/org/invitations',
      'org',
      () => routeEvent('listInvitations', { authorizer: realAuth }),
      true,
    )
  ).ok,
);
await counted(
  'POST /api/invitations/accept (never synced)',
  'org',
  () =>
    routeEvent('acceptInvitation', { authorizer: inviteeAuth, body: { token: JSON.parse(invited.res.body).token } }),
  false,
);
results.push(
  (await counted('GET /api/org/members', 'org', () => routeEvent('listMembers', { authorizer: realAuth }), true)).ok,
);
await counted(
  'PATCH /api/org/members/{userId}',
  'org',
  () =>
    routeEvent('changeMemberRole', {
      authorizer: realAuth,
      pathParameters: { userId: inviteeSub },
      body: { role: 'admin' },
    }),
  false,
);
results.push(
  (await counted('GET /api/org/events', 'org', () => routeEvent('listOrgEvents', { authorizer: realAuth }), true)).ok,
);
const second = await counted(
  'POST /api/org/invitations (another)',
  'org',
  () => routeEvent('createInvitation', { authorizer: realAuth, body: { email: 'other@example.com', role: 'admin' } }),
  false,
);
await counted(
  'DELETE /api/org/invitations/{invitationId}',
  'org',
  () =>
    routeEvent('revokeInvitation', {
      authorizer: realAuth,
      pathParameters: { invitationId: JSON.parse(second.res.body).invitation.id },
    }),
  false,
);
await counted(
  'DELETE /api/org/members/{userId}',
  'org',
  () => routeEvent('removeMember', { authorizer: realAuth, pathParameters: { userId: inviteeSub } }),
  false,
);
results.push(
  (
    await counted(
      'GET /internal/health',
      'internal-health',
      () => routeEvent('getDeepHealth', { headers: { 'x-api-key': KEY } }),
      true,
    )
  ).ok,
);
results.push(
  (
    await counted(
      'GET /internal/orgs/{orgId}',
      'internal-orgs',
      () => routeEvent('getOrg', { pathParameters: { orgId: state.orgId! }, headers: { 'x-api-key': KEY } }),
      true,
    )
  ).ok,
);
await counted(
  'PUT /internal/orgs/{orgId}/plan',
  'internal-orgs',
  () =>
    routeEvent('setOrgPlan', {
      pathParameters: { orgId: state.orgId! },
      headers: { 'x-api-key': KEY },
      body: { plan: 'pro' },
    }),
  false,
);
results.push(
  (
    await counted(
      'GET /internal/users/{userId}',
      'internal-users',
      () => routeEvent('getUser', { pathParameters: { userId: realSub }, headers: { 'x-api-key': KEY } }),
      true,
    )
  ).ok,
);
await proxy.close();
await server.close();

// ---- 3. bundle sizes
console.log('\n3. Production bundle per function (esbuild, minified ESM, as the CDK app builds it)\n');
console.log('| function | bytes |');
console.log('|---|---:|');
for (const fn of [...new Set(ROUTES.map((r) => r.function))]) {
  const { bytes } = await buildLambdaBundle(fn, `lambdas/${fn}/handler.ts`);
  console.log(`| ${fn} | ${(bytes / 1024).toFixed(1)} KiB |`);
}

if (results.includes(false)) {
  console.error(`\nAn authenticated read exceeded the budget of ${READ_BUDGET} Data API calls.`);
  process.exit(1);
}
