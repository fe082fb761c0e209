import { Logger } from '@aws-lambda-powertools/logger';
import { healthOperations } from '../../../lambdas/health/get-health';
import { createHttpHandler } from '../../../lambdas/shared/http/create-http-handler';
import { restEvent, routeEvent } from '../../support/apigw-events';
import { createServer } from 'node:net';
import { createDataApiClient } from '../../../lambdas/shared/data-api/client';
import { clientConfigFor } from '../../support/data-api-env';
import { call, loadHandlers, mainDataApi, type Handlers } from './harness';

/** A loopback port nothing listens on: connections are refused, as when the endpoint is unreachable. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let handlers: Handlers;

beforeAll(async () => {
  handlers = await loadHandlers();
});

describe('GET /health', () => {
  it('answers ok without touching the database', async () => {
    const res = await call(handlers.health, routeEvent('getHealth'));
    expect(res).toMatchObject({ status: 200, json: { status: 'ok' } });
  });

  it('checks the database with ?deep=1', async () => {
    const res = await call(handlers.health, routeEvent('getHealth', { query: { deep: '1' } }));
    expect(res).toMatchObject({ status: 200, json: { status: 'ok', database: 'ok' } });
  });

  it.each<Record<string, string>>([{ deep: 'yes' }, { verbose: '1' }])(
    'answers validation_failed for the query %p',
    async (query) => {
      const res = await call(handlers.health, routeEvent('getHealth', { query }));
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
    },
  );

  it('answers 405 for a method /health does not serve', async () => {
    const res = await call(handlers.health, restEvent({ method: 'POST', resource: '/health' }));
    expect(res).toMatchObject({ status: 405, json: { error: { code: 'method_not_allowed' } } });
  });

  describe('when the database cannot answer', () => {
    it('answers 503 service_unavailable to ?deep=1 and still 200 without it', async () => {
      // The real stack and client, aimed at an endpoint that refuses connections (no shared fault state to leak).
      const endpoint = `http://127.0.0.1:${await closedPort()}`;
      const db = createDataApiClient({
        ...clientConfigFor(mainDataApi(), 'intello'),
        endpoint,
        retry: { budgetMs: 200, baseDelayMs: 10, maxDelayMs: 20 },
      });
      const handler = createHttpHandler({
        functionName: 'health',
        operations: healthOperations,
        deps: { db },
        logger: new Logger({ serviceName: 'health', logLevel: 'CRITICAL' }),
        corsAllowedOrigins: [],
      });
      const deep = await call(handler, routeEvent('getHealth', { query: { deep: '1' } }));
      expect(deep.status).toBe(503);
      expect(deep.json.error).toMatchObject({ code: 'service_unavailable', message: 'database is unavailable' });
      expect((await call(handler, routeEvent('getHealth'))).status).toBe(200);
    });
  });
});
