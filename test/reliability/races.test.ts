/**
 * Races through the whole local stack (gateway, authorizer, Lambda runtime, Data API, and
 * PostgreSQL when `DATABASE_URL` is set): many requests at the same instant that all want to
 * create the same thing.
 */
import { randomUUID } from 'node:crypto';
import { createHttpClient, type HttpAnswer, type HttpClient } from './support/http-client';
import { checkInvariants, dataApiOf } from './support/invariants';
import { startReliabilityStack, type ReliabilityStack } from './support/reliability-stack';
import { errorCode, universalProblems } from './support/response-checks';
import { warmUp } from './support/warm-up';

let stack: ReliabilityStack;
let client: HttpClient;

const token = (sub: string) => stack.auth!.control.signAccessToken({ sub, email: `${sub.slice(0, 8)}@example.com` });
const sync = (accessToken: string) =>
  client.send({
    method: 'POST',
    url: `${stack.endpoints.publicApiUrl}/auth/sync`,
    headers: { authorization: `Bearer ${accessToken}` },
  });
const statuses = (answers: HttpAnswer[]) => answers.map((a) => a.status).sort();

beforeAll(async () => {
  stack = await startReliabilityStack();
  client = createHttpClient({ connections: 64 });
}, 15 * 60_000);

afterAll(async () => {
  client?.close();
  await stack?.close();
}, 60_000);

describe('50 parallel POST /auth/sync for one new user', () => {
  let answers: HttpAnswer[];
  let sub: string;

  beforeAll(async () => {
    await warmUp(async () => sync(await token(randomUUID())), { accept: (a) => a.status === 201 });
    sub = randomUUID();
    const accessToken = await token(sub);
    answers = await Promise.all(Array.from({ length: 50 }, () => sync(accessToken)));
  }, 5 * 60_000);

  it('answers 50 successes: one 201 that created the user, 49 200s that found it', () => {
    expect(statuses(answers)).toEqual([201, ...Array(49).fill(200)].sort());
  });

  it('answers the same user and the same org to every caller', () => {
    const bodies = answers.map((a) => a.json as { user: { id: string; role: string }; org: { id: string } });
    expect(new Set(bodies.map((b) => b.user.id))).toEqual(new Set([sub]));
    expect(new Set(bodies.map((b) => b.user.role))).toEqual(new Set(['owner']));
    expect(new Set(bodies.map((b) => b.org.id)).size).toBe(1);
  });

  it('leaves exactly one users row and one org for that user, and no org without its user', async () => {
    const db = dataApiOf(stack.endpoints);
    const { rows } = await db.query<{ users: number; orgs: number }>(
      'SELECT (SELECT count(*) FROM users WHERE id = CAST(:sub AS uuid))::int AS users, (SELECT count(DISTINCT org_id) FROM users WHERE id = CAST(:sub AS uuid))::int AS orgs',
      { sub },
    );
    expect(rows[0]).toEqual({ users: 1, orgs: 1 });
    expect((await checkInvariants(db)).violations).toEqual([]);
  });

  it('carries the security headers on every answer', () => {
    expect(answers.flatMap(universalProblems)).toEqual([]);
  });
});

describe('parallel POST /api/specs of one name in one org', () => {
  let answers: HttpAnswer[];
  let orgId: string;
  const name = `Billing API ${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const accessToken = await token(randomUUID());
    orgId = ((await sync(accessToken)).json as { org: { id: string } }).org.id;
    const create = (specName: string) =>
      client.send({
        method: 'POST',
        url: `${stack.endpoints.publicApiUrl}/api/specs`,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: specName }),
      });
    await warmUp((i) => create(`warm-up ${i}`), { accept: (a) => a.status === 201 });
    answers = await Promise.all(Array.from({ length: 30 }, () => create(name)));
  }, 5 * 60_000);

  it('answers one 201 and 29 409 conflict', () => {
    expect(statuses(answers)).toEqual([201, ...Array(29).fill(409)].sort());
    expect(answers.filter((a) => a.status === 409).map(errorCode)).toEqual(Array(29).fill('conflict'));
  });

  it('leaves exactly one row with that name: the one the 201 answered', async () => {
    const created = answers.find((a) => a.status === 201)!.json as { id: string };
    const { rows } = await dataApiOf(stack.endpoints).query<{ id: string }>(
      'SELECT id::text AS id FROM specs WHERE org_id = CAST(:orgId AS uuid) AND name = :name',
      { orgId, name },
    );
    expect(rows).toEqual([{ id: created.id }]);
  });

  it('carries the envelope and the security headers on every answer', () => {
    expect(answers.flatMap(universalProblems)).toEqual([]);
  });
});
