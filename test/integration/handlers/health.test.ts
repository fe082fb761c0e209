/**
 * The two health checks: public `GET /health` (anonymous, never the database, whatever its
 * query string) and `GET /internal/health` (platform key: database reachable, migrations
 * current). Data API calls are counted on the wire by a proxy in front of the local Data API.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { deepHealthOperations } from '../../../lambdas/internal-health/get-deep-health';
import { createDataApiClient } from '../../../lambdas/shared/data-api/client';
import { loadMigrationsFromDirectory } from '../../../lambdas/shared/data-api/migrations-directory';
import { createHttpHandler } from '../../../lambdas/shared/http/create-http-handler';
import { staticPlatformKey } from '../../../lambdas/shared/http/platform-key';
import { restEvent, routeEvent } from '../../support/apigw-events';
import { clientConfigFor } from '../../support/data-api-env';
import { fileDatabase } from '../../support/test-data-api';
import { startCountingProxy, type CountingProxy } from './counting-proxy';
import { call, loadHandlers, mainDataApi, PLATFORM_KEY, type Handlers } from './harness';

/** A loopback port nothing listens on: connections are refused, as when the endpoint is unreachable. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const withKey = { headers: { 'x-api-key': PLATFORM_KEY } };
let proxy: CountingProxy;
let handlers: Handlers;
let migrationNames: string[];

beforeAll(async () => {
  proxy = await startCountingProxy(mainDataApi().endpoint);
  handlers = await loadHandlers({ dataApiEndpoint: proxy.url });
  const directory = fileURLToPath(new URL('../../../migrations', import.meta.url));
  migrationNames = (await loadMigrationsFromDirectory(directory)).map((m) => m.name);
});
afterAll(() => proxy.close());

/** The deep check on the real client and stack, against `endpoint`, expecting `migrationNames`. */
function deepHealthHandler(options: { endpoint?: string; migrationNames: string[] }) {
  const db = createDataApiClient({
    ...clientConfigFor(mainDataApi(), fileDatabase().name),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    retry: { budgetMs: 200, baseDelayMs: 10, maxDelayMs: 20 },
  });
  return createHttpHandler({
    functionName: 'internal-health',
    operations: deepHealthOperations,
    deps: { db, migrationNames: options.migrationNames },
    logger: new Logger({ serviceName: 'internal-health', logLevel: 'CRITICAL' }),
    corsAllowedOrigins: [],
    platformKey: staticPlatformKey(PLATFORM_KEY),
  });
}

describe('GET /health', () => {
  it.each<Record<string, string>>([{}, { deep: '1' }, { deep: '0' }])(
    'answers ok to the query %p without a single Data API call',
    async (query) => {
      proxy.reset();
      const res = await call(handlers.health, routeEvent('getHealth', { query }));
      expect(res).toMatchObject({ status: 200, json: { status: 'ok' } });
      expect(res.json).not.toHaveProperty('database');
      expect(proxy.total()).toBe(0);
    },
  );

  it.each<Record<string, string>>([{ deep: 'yes' }, { verbose: '1' }])(
    'answers validation_failed for the query %p, without a Data API call',
    async (query) => {
      proxy.reset();
      const res = await call(handlers.health, routeEvent('getHealth', { query }));
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
      expect(proxy.total()).toBe(0);
    },
  );

  it('answers 405 for a method /health does not serve', async () => {
    const res = await call(handlers.health, restEvent({ method: 'POST', resource: '/health' }));
    expect(res).toMatchObject({ status: 405, json: { error: { code: 'method_not_allowed' } } });
  });
});

describe('GET /internal/health', () => {
  it('reports the database reachable and the migrations current, with the platform key', async () => {
    proxy.reset();
    const res = await call(handlers['internal-health'], routeEvent('getDeepHealth', withKey));
    expect(res).toMatchObject({
      status: 200,
      json: { status: 'ok', database: 'ok', migrations: 'current', pending: [] },
    });
    expect(proxy.total()).toBe(1);
  });

  it('answers 403 forbidden without the platform key, without a Data API call', async () => {
    proxy.reset();
    const res = await call(handlers['internal-health'], routeEvent('getDeepHealth'));
    expect(res).toMatchObject({ status: 403, json: { error: { code: 'forbidden' } } });
    expect(proxy.total()).toBe(0);
  });

  it('reports migrations behind with 503, naming the pending ones, when the release ships one not yet applied', async () => {
    const handler = deepHealthHandler({ migrationNames: [...migrationNames, '9999_not_applied_yet.sql'] });
    const res = await call(handler, routeEvent('getDeepHealth', withKey));
    expect(res).toMatchObject({
      status: 503,
      json: { status: 'unavailable', database: 'ok', migrations: 'behind', pending: ['9999_not_applied_yet.sql'] },
    });
  });

  it('answers 503 service_unavailable when the database cannot answer', async () => {
    const handler = deepHealthHandler({ endpoint: `http://127.0.0.1:${await closedPort()}`, migrationNames });
    const res = await call(handler, routeEvent('getDeepHealth', withKey));
    expect(res.status).toBe(503);
    expect(res.json.error).toMatchObject({ code: 'service_unavailable', message: 'database is unavailable' });
  });
});
