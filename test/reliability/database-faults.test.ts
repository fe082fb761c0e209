/**
 * Database faults through the whole local stack, injected by the local Data API (the way Aurora
 * Serverless and the Data API fail: resume after auto-pause, throttling, 5xx): a request either
 * succeeds after the functions' retries or answers 503 `service_unavailable`, never a 502 or a
 * timeout, and the invariants hold afterwards. The long version, under load, is
 * `npm run test:reliability`.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { withTransaction } from '../../lambdas/shared/data-api/transaction';
import { createHttpClient, type HttpAnswer, type HttpClient } from './support/http-client';
import { checkInvariants, dataApiOf } from './support/invariants';
import { startReliabilityStack, type ReliabilityStack } from './support/reliability-stack';
import { errorCode, universalProblems } from './support/response-checks';
import { warmUp } from './support/warm-up';

let stack: ReliabilityStack;
let client: HttpClient;

type Call = (method: string, path: string, body?: unknown) => Promise<HttpAnswer>;

/** Requests to the public API with `token`. */
const callAs =
  (token: string): Call =>
  (method, path, body) =>
    client.send({
      method,
      url: `${stack.endpoints.publicApiUrl}${path}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

/** A new user, synced before any fault is injected, so each test has its own org and specs. */
async function newCaller(): Promise<{ call: Call; orgId: string }> {
  const sub = randomUUID();
  const call = callAs(await stack.auth!.control.signAccessToken({ sub, email: `${sub.slice(0, 8)}@example.com` }));
  const synced = await call('POST', '/auth/sync');
  if (synced.status !== 201) throw new Error(`sync failed: ${synced.status} ${synced.body}`);
  return { call, orgId: (synced.json as { org: { id: string } }).org.id };
}

const specsNamed = async (orgId: string, name: string) =>
  (
    await dataApiOf(stack.endpoints).query<{ id: string }>(
      'SELECT id::text AS id FROM specs WHERE org_id = CAST(:orgId AS uuid) AND name = :name',
      { orgId, name },
    )
  ).rows;

beforeAll(async () => {
  stack = await startReliabilityStack();
  client = createHttpClient({ connections: 8 });
  const call = callAs(await stack.auth!.control.signAccessToken({ sub: randomUUID(), email: 'warm-up@example.com' }));
  // The first requests pay the cold starts, which can exceed Lambda's init limit on a loaded machine.
  await warmUp(() => call('POST', '/auth/sync'), { parallel: 1, accept: (a) => a.status === 201 || a.status === 200 });
  await warmUp(() => call('GET', '/api/me'), { parallel: 1, accept: (a) => a.status === 200 });
  await warmUp(() => call('GET', '/api/specs'), { parallel: 1, accept: (a) => a.status === 200 });
}, 15 * 60_000);

afterEach(() => stack.dataApi.faults.clear());

afterAll(async () => {
  client?.close();
  await stack?.close();
}, 60_000);

describe('a resume storm shorter than the retry budget', () => {
  it('answers a read with 200 once the database has resumed', async () => {
    const { call, orgId } = await newCaller();
    stack.dataApi.faults.inject({ error: 'DatabaseResumingException', forMs: 3_000 });
    const answer = await call('GET', '/api/me');
    expect(answer.status).toBe(200);
    expect((answer.json as { org: { id: string } }).org.id).toBe(orgId);
  }, 60_000);

  it('answers a create with 201 and writes exactly one row (a resuming statement never ran, so retrying it is safe)', async () => {
    const { call, orgId } = await newCaller();
    const name = `during a resume ${randomUUID()}`;
    stack.dataApi.faults.inject({ error: 'DatabaseResumingException', forMs: 3_000 });
    const answer = await call('POST', '/api/specs', { name });
    expect(answer.status).toBe(201);
    expect(await specsNamed(orgId, name)).toEqual([{ id: (answer.json as { id: string }).id }]);
  }, 60_000);
});

describe('throttling and 5xx from the Data API', () => {
  it.each([
    'ThrottlingException',
    'ServiceUnavailableError',
    'InternalServerErrorException',
    'DatabaseUnavailableException',
  ] as const)(
    'answers a read with 200 after %s on a few calls (reads are retried)',
    async (error) => {
      const { call } = await newCaller();
      stack.dataApi.faults.inject({ error, count: 2 });
      const answer = await call('GET', '/api/specs');
      expect(answer.status).toBe(200);
    },
    60_000,
  );
});

describe('a fault that outlives the retry budget', () => {
  let caller: Awaited<ReturnType<typeof newCaller>>;
  let answer: HttpAnswer;
  const name = `refused ${randomUUID()}`;

  // One refused create, which each test below reads from its own angle.
  beforeAll(async () => {
    caller = await newCaller();
    stack.dataApi.faults.inject({ error: 'DatabaseResumingException', forMs: 40_000 });
    answer = await caller.call('POST', '/api/specs', { name });
    stack.dataApi.faults.clear();
  }, 120_000);

  it('answers 503 service_unavailable from the function, not a 502 or a gateway timeout', () => {
    expect([answer.status, errorCode(answer)]).toEqual([503, 'service_unavailable']);
    expect(answer.headers['x-amzn-errortype']).toBeUndefined();
    expect(universalProblems(answer)).toEqual([]);
  });

  it('writes nothing for the refused create', async () => {
    expect(await specsNamed(caller.orgId, name)).toEqual([]);
  });

  it('serves again as soon as the fault is gone', async () => {
    expect((await caller.call('GET', '/api/me')).status).toBe(200);
  }, 60_000);
});

describe('a commit refused by a transient fault', () => {
  // A throttled or 5xx CommitTransaction used to leave the transaction open, holding its row
  // locks until the Data API's idle timeout (3 minutes), so every later sync of that user
  // answered 503: withTransaction now rolls back. Checked on the data layer with PostgreSQL's own
  // view of the sessions.
  it('leaves no transaction open (no session idle in transaction)', async () => {
    const { orgId } = await newCaller();
    const db = dataApiOf(stack.endpoints);
    const name = `commit refused ${randomUUID()}`;
    await expect(
      withTransaction(db, async (tx) => {
        await tx.query('UPDATE orgs SET name = :name WHERE id = CAST(:orgId AS uuid)', { name, orgId });
        stack.dataApi.faults.inject({ error: 'ThrottlingException', count: 1 });
      }),
    ).rejects.toMatchObject({ code: 'service_unavailable' });
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
      );
      expect(rows[0]).toEqual({ open: 0 });
    } finally {
      await client.end();
    }
  }, 60_000);
});

it('leaves the database invariants intact after syncs and creates under faults', async () => {
  const { call } = await newCaller();
  const newcomer = callAs(await stack.auth!.control.signAccessToken({ sub: randomUUID(), email: 'new@example.com' }));
  stack.dataApi.faults.inject({ error: 'DatabaseResumingException', forMs: 3_000 });
  const answers = await Promise.all([
    newcomer('POST', '/auth/sync'),
    call('POST', '/api/specs', { name: `under faults ${randomUUID()}` }),
  ]);
  expect(answers.map((a) => a.status)).toEqual([201, 201]);
  expect((await checkInvariants(dataApiOf(stack.endpoints))).violations).toEqual([]);
}, 60_000);
