/**
 * The flush after a key revocation, through the real signed fetch against the local SSM
 * registry and API Gateway management endpoint on loopback. Throttling (429) and an unreachable
 * registry cannot be caused on those emulators, so a tiny loopback server that answers 429 is
 * the one stand-in here, and it says so where it is used.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_FLUSH_LIMITS,
  type AuthorizerCacheFlushConfig,
  type FlushDeps,
  flushAuthorizerCaches,
} from '../../../../lambdas/shared/aws/authorizer-cache-flush';
import { sendSignedRequest } from '../../../../lambdas/shared/aws/signed-request';
import { type ManagementServer, startManagementServer } from '../../../../local/gateway/management-server';
import { type SsmServer, startSsmServer } from '../../../../local/ssm/server';

const PATH = '/intello/test/authorizer/consumers';

function configFor(ssmUrl: string, apiGatewayUrl: string): AuthorizerCacheFlushConfig {
  return {
    consumersPath: PATH,
    ssm: { service: 'ssm', region: 'us-east-1', url: ssmUrl },
    apiGateway: { service: 'apigateway', region: 'us-east-1', url: apiGatewayUrl },
  };
}

function recordingDeps() {
  const lines: Array<{ level: string; message: string; extra: Record<string, unknown> }> = [];
  const sleeps: number[] = [];
  let clock = 0;
  const deps: FlushDeps = {
    send: sendSignedRequest,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 1,
    log: {
      info: (message, extra) => lines.push({ level: 'INFO', message, extra }),
      warn: (message, extra) => lines.push({ level: 'WARN', message, extra }),
      error: (message, extra) => lines.push({ level: 'ERROR', message, extra }),
    },
  };
  return { deps, lines, sleeps };
}

/** A loopback endpoint that answers 429 `times` times, then 202 (the fault the emulators cannot cause). */
async function throttlingEndpoint(times: number): Promise<{ url: string; calls: () => number; server: Server }> {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    calls += 1;
    if (calls <= times) {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ __type: 'TooManyRequestsException', message: 'Too Many Requests' }));
    } else {
      res.writeHead(202);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls: () => calls, server };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('flushing the authorizer caches after a key revocation', () => {
  let ssm: SsmServer;
  let management: ManagementServer;
  const flushed: string[] = [];

  const savedEnv = { ...process.env };

  beforeAll(async () => {
    // As Lambda passes its role's credentials (the emulators do not check the signature).
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCALTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'local-secret';
    const parameters: Record<string, string> = {
      [`${PATH}/publicapi1`]: 'publicapi1/prod',
      [`${PATH}/orders22`]: 'orders22/prod',
      '/intello/test/authorizer/function-arn': 'arn:aws:lambda:us-east-1:000000000000:function:authorizer',
    };
    // Past one page of GetParametersByPath (10): the flush must follow NextToken.
    for (let i = 0; i < 10; i += 1) parameters[`${PATH}/extra${i}`] = `extra${i}/v1`;
    ssm = await startSsmServer({ parameters });
    management = await startManagementServer();
    for (const id of ['publicapi1', 'orders22'])
      management.register({ restApiId: id, stageName: 'prod', flushAuthorizerCache: () => flushed.push(id) });
    for (let i = 0; i < 10; i += 1)
      management.register({
        restApiId: `extra${i}`,
        stageName: 'v1',
        flushAuthorizerCache: () => flushed.push(`extra${i}`),
      });
  });

  afterAll(async () => {
    process.env = savedEnv;
    await management.close();
    await ssm.close();
  });

  beforeEach(() => {
    flushed.length = 0;
  });

  it('flushes every stage registered under the path, across pages, and logs the count', async () => {
    const { deps, lines } = recordingDeps();
    const report = await flushAuthorizerCaches(configFor(ssm.url, management.url), deps);
    expect(report.failed).toEqual([]);
    expect(report.flushed).toHaveLength(12);
    expect(flushed.sort()).toEqual([...Array.from({ length: 10 }, (_, i) => `extra${i}`), 'orders22', 'publicapi1']);
    expect(lines).toEqual([
      { level: 'INFO', message: 'authorizer caches flushed after a key revocation', extra: { flushed: 12, failed: 0 } },
    ]);
  });

  it('retries a 429 with growing backoff and then succeeds', async () => {
    const throttled = await throttlingEndpoint(2);
    try {
      const { deps, sleeps } = recordingDeps();
      const report = await flushAuthorizerCaches({ ...configFor(ssm.url, throttled.url), consumersPath: PATH }, deps, {
        ...DEFAULT_FLUSH_LIMITS,
        maxAttempts: 3,
      });
      expect(report.failed).toEqual([]);
      expect(report.flushed).toHaveLength(12);
      // 12 stages each throttled until the endpoint's first two 429s are spent.
      expect(throttled.calls()).toBe(14);
      expect(sleeps.every((ms) => ms >= DEFAULT_FLUSH_LIMITS.baseDelayMs)).toBe(true);
    } finally {
      await close(throttled.server);
    }
  });

  it('gives up on a stage still throttled after its attempts, logs a WARN and does not throw', async () => {
    const throttled = await throttlingEndpoint(Number.POSITIVE_INFINITY);
    try {
      const { deps, lines, sleeps } = recordingDeps();
      const report = await flushAuthorizerCaches(configFor(ssm.url, throttled.url), deps, {
        ...DEFAULT_FLUSH_LIMITS,
        maxAttempts: 3,
      });
      expect(report.flushed).toEqual([]);
      expect(report.failed).toHaveLength(12);
      expect(report.failed[0]!.reason).toBe(
        'FlushStageAuthorizersCache 429 TooManyRequestsException: Too Many Requests',
      );
      expect(throttled.calls()).toBe(36);
      // Backoff doubles per stage: 200 ms, then 400 ms (random() = 1 takes the full delay).
      expect(sleeps.slice(0, 2).sort((a, b) => a - b)).toEqual([200, 200]);
      expect(sleeps).toContain(400);
      expect(lines.filter((l) => l.level === 'WARN')).toHaveLength(12);
      expect(lines.find((l) => l.level === 'WARN')!.message).toBe(
        'authorizer cache not flushed: a cached Allow on this stage lasts until its TTL ends',
      );
    } finally {
      await close(throttled.server);
    }
  });

  it('stops retrying when the next backoff would pass the budget', async () => {
    const throttled = await throttlingEndpoint(Number.POSITIVE_INFINITY);
    try {
      const { deps } = recordingDeps();
      await flushAuthorizerCaches(configFor(ssm.url, throttled.url), deps, {
        ...DEFAULT_FLUSH_LIMITS,
        budgetMs: 500,
        maxAttempts: 10,
      });
      // Per stage: an attempt, a 200 ms pause, an attempt; the next 400 ms pause would end past 500 ms.
      expect(throttled.calls()).toBeLessThanOrEqual(24);
    } finally {
      await close(throttled.server);
    }
  });

  it('does not retry a stage API Gateway does not know (404), and reports it', async () => {
    const { deps, sleeps } = recordingDeps();
    const unknownOnly = await startSsmServer({ parameters: { [`${PATH}/gone1`]: 'gone1/prod' } });
    try {
      const report = await flushAuthorizerCaches(configFor(unknownOnly.url, management.url), deps);
      expect(report.failed).toEqual([
        {
          restApiId: 'gone1',
          stageName: 'prod',
          reason: 'FlushStageAuthorizersCache 404 NotFoundException: Invalid stage identifier specified',
        },
      ]);
      expect(sleeps).toEqual([]);
    } finally {
      await unknownOnly.close();
    }
  });

  it('logs an ERROR and flushes nothing when the registry cannot be read, without throwing', async () => {
    const { deps, lines } = recordingDeps();
    const stopped = await startSsmServer({ parameters: {} });
    const url = stopped.url;
    await stopped.close();
    const report = await flushAuthorizerCaches(configFor(url, management.url), deps, {
      ...DEFAULT_FLUSH_LIMITS,
      maxAttempts: 2,
    });
    expect(report.flushed).toEqual([]);
    expect(report.registryError).toBeDefined();
    expect(flushed).toEqual([]);
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['ERROR', 'authorizer caches not flushed: the consumer registry could not be read'],
    ]);
  });
});
