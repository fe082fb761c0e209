/**
 * Fuzzing the whole local stack with fast-check: routes × methods × headers × bodies × path and
 * query values, at least 2,000 cases a run (`FUZZ_RUNS` to change, `FUZZ_SEED` to replay).
 * Whatever is sent: never a 5xx, always the JSON envelope on an error, never a stack trace or an
 * internal message, the security headers on every answer, and never a row written by a request
 * that was refused.
 *
 * The cases run eight at a time (fast-check runs async properties one by one, and one at a time
 * 2,000 requests take minutes on a loaded machine): they are drawn with `fc.sample` from a seeded
 * generator, so a failure prints its seed and the case itself, and `FUZZ_SEED=<seed>` replays
 * the same cases. `FUZZ_REPORT=<file>` writes the answers by class (for docs/RELIABILITY.md).
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { ROUTES } from '../../lambdas/routes';
import { createHttpClient, type HttpAnswer, type HttpClient } from './support/http-client';
import { checkInvariants, dataApiOf } from './support/invariants';
import { startReliabilityStack, type ReliabilityStack } from './support/reliability-stack';
import { errorCode, isGatewayResponse, universalProblems } from './support/response-checks';
import { warmUp } from './support/warm-up';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
// A pinned default, so a red run replays as it was; FUZZ_SEED draws other cases.
const SEED = Number(process.env.FUZZ_SEED ?? 700313336);
const CONCURRENCY = 8;

let stack: ReliabilityStack;
let client: HttpClient;

/** The identities a case can present; filled in `beforeAll`. */
const world = {
  token: '',
  /** Signs a token for a new user, never synced: `{unsynced}` is a fresh one every time. */
  unsyncedToken: async (): Promise<string> => '',
  expiredToken: '',
  otherToken: '',
  ownSpecId: '',
  otherSpecId: '',
  orgId: '',
  userId: '',
};

interface FuzzCase {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | undefined;
}

const text = fc.string({ maxLength: 40 });
const unicodeText = fc.string({ unit: 'grapheme', maxLength: 30 });
const pathValue = fc.oneof(
  fc.constant('{own}'),
  fc.constant('{other}'),
  fc.uuid(),
  fc.constantFrom(
    '',
    '%00',
    '..%2F..',
    '%2e%2e',
    'null',
    'undefined',
    '0',
    '-1',
    '1e309',
    "'; DROP TABLE specs;--",
    '%F0%9F%92%A9',
    'a'.repeat(300),
  ),
  text.map(encodeURIComponent),
  unicodeText.map(encodeURIComponent),
);
const queryValue = fc.oneof(
  fc.constantFrom('1', '0', '-5', '100', '101', '1.5', 'abc', '', 'eyJpZCI6MX0', '%', '%zz'),
  text.map(encodeURIComponent),
);
const query = fc
  .array(fc.tuple(fc.constantFrom('limit', 'cursor', 'deep', 'orgId', 'x', 'limit[]', ''), queryValue), {
    maxLength: 4,
  })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
const authorization = fc.oneof(
  { arbitrary: fc.constant('Bearer {token}'), weight: 10 },
  { arbitrary: fc.constant('Bearer {unsynced}'), weight: 2 },
  fc.constant('Bearer {expired}'),
  fc.constant('{other}'),
  fc.constant(undefined),
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'bearer {token}',
    'Bearer {token} extra',
    'Bearer a.b.c',
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  ),
  text.map((t) => `Bearer ${t}`),
);
const contentType = fc.option(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=utf-16',
    'multipart/form-data; boundary=x',
    '*/*',
    '',
  ),
  { nil: undefined },
);
const specLike = fc.record(
  {
    name: fc.oneof(
      text,
      unicodeText,
      fc.constant(''),
      fc.constant(' padded '),
      fc.constant('x'.repeat(201)),
      fc.integer(),
      fc.constant(null),
    ),
    sourceUrl: fc.oneof(
      fc.webUrl(),
      fc.constantFrom(
        'http://insecure.example.com/a',
        'javascript:alert(1)',
        'https://',
        `https://example.com/${'a'.repeat(2100)}`,
      ),
      text,
      fc.constant(null),
    ),
    plan: fc.constantFrom('free', 'pro', 'enterprise', 'platinum', ''),
    orgId: fc.uuid(),
    org_id: fc.uuid(),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
/** Bodies the API accepts (a small pool of names, so duplicates meet 409). */
const validSpec = fc.record(
  {
    name: fc.oneof(
      { arbitrary: fc.constantFrom('Billing API', 'Orders API', 'Ünïcødé API'), weight: 3 },
      fc.string({ minLength: 1, maxLength: 60 }).filter((n) => n.trim() === n && n.length > 0),
    ),
    sourceUrl: fc.option(fc.webUrl({ validSchemes: ['https'] }), { nil: null }),
  },
  { requiredKeys: ['name'] },
);
const body = fc.oneof(
  { arbitrary: validSpec.map((value) => JSON.stringify(value)), weight: 4 },
  fc.constant(undefined),
  specLike.map((value) => JSON.stringify(value)),
  specLike.map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  text,
  fc.constantFrom(
    '{',
    '{"name":',
    'null',
    '[]',
    '"string"',
    '1',
    '{"name":"a","name":"b"}',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{}}}',
    `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
  ),
  fc.constant(JSON.stringify({ name: 'big', sourceUrl: `https://example.com/${'b'.repeat(200_000)}` })),
);
const routeTemplate = fc.oneof(
  { arbitrary: fc.constantFrom(...ROUTES.map((r) => r.path)), weight: 4 },
  fc.constantFrom(
    '/',
    '/api',
    '/api/specs/{specId}/extra',
    '/internal',
    '/internal/orgs',
    '/api/me/',
    '/API/ME',
    '/auth/sync/',
    '/health/../api/me',
  ),
);
const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    // Mostly a real route with its own method (else nearly everything is the gateway's 404), sometimes any pair.
    route: fc.oneof(
      {
        arbitrary: fc
          .constantFrom(...ROUTES.filter((r) => r.api === 'public'))
          .map((r) => ({ template: r.path, method: r.method as string })),
        weight: 5,
      },
      {
        arbitrary: fc
          .constantFrom(...ROUTES.filter((r) => r.api === 'internal'))
          .map((r) => ({ template: r.path, method: r.method as string })),
        weight: 1,
      },
      {
        arbitrary: fc.record({
          template: routeTemplate,
          method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'get', 'TRACE'),
        }),
        weight: 2,
      },
    ),
    value: pathValue,
    query: fc.option(query, { nil: undefined }),
    authorization,
    apiKey: fc.option(fc.oneof({ arbitrary: fc.constant('{platform}'), weight: 3 }, text), { nil: undefined }),
    contentType: fc.oneof({ arbitrary: fc.constant('application/json'), weight: 3 }, contentType),
    origin: fc.option(fc.constantFrom('https://evil.example.com', 'null', 'http://localhost:3000'), { nil: undefined }),
    extra: fc.dictionary(
      fc.constantFrom('x-forwarded-for', 'x-amzn-trace-id', 'accept', 'x-http-method-override', 'accept-encoding'),
      text,
      { maxKeys: 2 },
    ),
    body,
  })
  .map((c) => {
    const headers: Record<string, string> = {};
    if (c.authorization !== undefined) headers.authorization = c.authorization;
    if (c.apiKey !== undefined) headers['x-api-key'] = c.apiKey;
    if (c.contentType !== undefined) headers['content-type'] = c.contentType;
    if (c.origin !== undefined) headers.origin = c.origin;
    for (const [name, value] of Object.entries(c.extra)) headers[name] = value.replace(/[^\x20-\x7e]/g, '');
    const method = c.route.method;
    const path = c.route.template.replace(/\{\w+\}/g, c.value);
    // A TRACE request must not carry a body (RFC 9110 §9.3.8); Node's HTTP server drops the connection.
    const bodyAllowed = method !== 'TRACE' && !(method === 'GET' && c.value.length % 3 === 0);
    return { method, path, query: c.query ?? '', headers, body: bodyAllowed ? c.body : undefined };
  });

/**
 * One case for each status the fuzz must meet, sent before the drawn ones whatever the seed:
 * the drawn cases vary the input, these make sure refusals and successes were both reached.
 */
const ANCHOR_CASES: { expected: number; c: FuzzCase }[] = [
  {
    expected: 200,
    c: { method: 'GET', path: '/api/me', query: '', headers: { authorization: 'Bearer {token}' }, body: undefined },
  },
  {
    expected: 201,
    c: {
      method: 'POST',
      path: '/auth/sync',
      query: '',
      headers: { authorization: 'Bearer {unsynced}' },
      body: undefined,
    },
  },
  {
    expected: 400,
    c: {
      method: 'POST',
      path: '/api/specs',
      query: '',
      headers: { authorization: 'Bearer {token}', 'content-type': 'application/json' },
      body: '{"name":',
    },
  },
  { expected: 401, c: { method: 'GET', path: '/api/me', query: '', headers: {}, body: undefined } },
  {
    expected: 404,
    c: {
      method: 'GET',
      path: '/api/specs/{other}',
      query: '',
      headers: { authorization: 'Bearer {token}' },
      body: undefined,
    },
  },
  {
    expected: 428,
    c: { method: 'GET', path: '/api/me', query: '', headers: { authorization: 'Bearer {unsynced}' }, body: undefined },
  },
];

function resolve(value: string): string {
  return value
    .replaceAll('{own}', world.ownSpecId)
    .replaceAll('{other}', world.otherSpecId)
    .replaceAll('{token}', world.token)
    .replaceAll('{expired}', world.expiredToken)
    .replaceAll('{platform}', stack.endpoints.platformApiKey);
}

/**
 * Keeps each API under its stage throttle (public 100 rps, internal 10 rps, lib/config.ts), so
 * the cases reach the functions instead of the gateway's 429.
 */
const pace = { public: { rps: 80, next: 0 }, internal: { rps: 8, next: 0 } };
async function slot(api: keyof typeof pace): Promise<void> {
  const lane = pace[api];
  const at = Math.max(lane.next, Date.now());
  lane.next = at + 1000 / lane.rps;
  await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
}

async function send(c: FuzzCase): Promise<HttpAnswer> {
  const headers = Object.fromEntries(
    Object.entries(c.headers).map(([k, v]) => [
      k,
      k === 'authorization' && v === '{other}' ? `Bearer ${world.otherToken}` : resolve(v),
    ]),
  );
  // One user per unsynced case: a sync among them must not make every later one a synced user
  // (seed 703620263 synced the single unsynced user early and met no 428 at all).
  if (headers.authorization?.includes('{unsynced}'))
    headers.authorization = headers.authorization.replace('{unsynced}', await world.unsyncedToken());
  const internal = c.path.startsWith('/internal');
  await slot(internal ? 'internal' : 'public');
  const base = internal ? stack.endpoints.internalApiUrl : stack.endpoints.publicApiUrl;
  return client.send({
    method: c.method,
    url: `${base}${resolve(c.path)}${c.query ? `?${c.query}` : ''}`,
    headers,
    body: c.body,
  });
}

type Row = Record<string, string | null>;
type Snapshot = Record<'users' | 'orgs' | 'specs', Map<string, Row>>;

/** Every row of the three tables, to compare before and after. */
async function snapshot(): Promise<Snapshot> {
  const db = dataApiOf(stack.endpoints);
  const rows = async (sql: string) => new Map((await db.query<Row>(sql)).rows.map((r) => [r.id!, r]));
  return {
    users: await rows('SELECT id::text AS id, org_id::text AS org_id, email, role FROM users'),
    orgs: await rows('SELECT id::text AS id, name, plan FROM orgs'),
    specs: await rows('SELECT id::text AS id, org_id::text AS org_id, name, source_url FROM specs'),
  };
}

/** True when an accepted write's answer says this row is what it now is. */
function explainedBy(table: keyof Snapshot, row: Row, answer: unknown): boolean {
  const body = (answer ?? {}) as {
    id?: string;
    name?: string;
    sourceUrl?: string | null;
    plan?: string;
    user?: { id?: string; email?: string | null };
    org?: { id?: string };
  };
  switch (table) {
    case 'specs':
      return body.id === row.id && body.name === row.name && body.sourceUrl === row.source_url;
    case 'orgs':
      return body.org?.id === row.id || (body.id === row.id && body.plan === row.plan);
    case 'users':
      return body.user?.id === row.id && body.org?.id === row.org_id && body.user?.email === row.email;
  }
}

beforeAll(async () => {
  stack = await startReliabilityStack();
  client = createHttpClient({ connections: CONCURRENCY + 2 });
  const sign = (sub: string) => stack.auth!.control.signAccessToken({ sub, email: `${sub.slice(0, 8)}@example.com` });
  world.userId = randomUUID();
  world.token = await sign(world.userId);
  world.unsyncedToken = () => sign(randomUUID());
  world.expiredToken = await stack.auth!.control.signAccessToken({ exp: Math.floor(Date.now() / 1000) - 600 });
  const otherUser = randomUUID();
  world.otherToken = await sign(otherUser);
  const post = (accessToken: string, path: string, payload?: unknown) =>
    client.send({
      method: 'POST',
      url: `${stack.endpoints.publicApiUrl}${path}`,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
  await warmUp(async () => post(await sign(randomUUID()), '/auth/sync'), { accept: (a) => a.status === 201 });
  world.orgId = ((await post(world.token, '/auth/sync')).json as { org: { id: string } }).org.id;
  await post(world.otherToken, '/auth/sync');
  world.ownSpecId = ((await post(world.token, '/api/specs', { name: 'own spec' })).json as { id: string }).id;
  world.otherSpecId = ((await post(world.otherToken, '/api/specs', { name: 'other spec' })).json as { id: string }).id;
}, 15 * 60_000);

afterAll(async () => {
  client?.close();
  await stack?.close();
}, 60_000);

describe(`${RUNS} fuzzed requests (seed ${SEED}: FUZZ_SEED=${SEED} replays them)`, () => {
  const results: { c: FuzzCase; answer: HttpAnswer; problems: string[] }[] = [];
  const lost: { c: FuzzCase; error: string }[] = [];
  let before: Snapshot;
  let after: Snapshot;

  beforeAll(async () => {
    before = await snapshot();
    const cases = [...ANCHOR_CASES.map((anchor) => anchor.c), ...fc.sample(fuzzCase, { numRuns: RUNS, seed: SEED })];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          let answer: HttpAnswer;
          try {
            answer = await send(c);
          } catch (error) {
            lost.push({ c, error: error instanceof Error ? error.message : String(error) });
            continue;
          }
          const problems = answer.status >= 500 ? [`${answer.status}: ${answer.body.slice(0, 300)}`] : [];
          problems.push(...universalProblems(answer));
          results.push({ c, answer, problems });
        }
      }),
    );
    after = await snapshot();
  }, 30 * 60_000);

  it('answers every case (no connection dropped, no timeout)', () => {
    expect(lost.slice(0, 5)).toEqual([]);
    expect(results).toHaveLength(ANCHOR_CASES.length + RUNS);
  });

  it('never answers a 5xx, always with the envelope and the security headers, never with internals', () => {
    const failing = results
      .filter((r) => r.problems.length > 0)
      .slice(0, 5)
      .map((r) => ({ case: r.c, status: r.answer.status, problems: r.problems }));
    expect(failing).toEqual([]);
  });

  it('writes no row for a refused request: every new or changed row is what an accepted write answered', async () => {
    const writes = results.filter(
      (r) => !['GET', 'OPTIONS', 'TRACE'].includes(r.c.method.toUpperCase()) && r.answer.status < 300,
    );
    const unexplained: string[] = [];
    for (const table of ['users', 'orgs', 'specs'] as const) {
      for (const [id, row] of after[table]) {
        if (JSON.stringify(before[table].get(id)) === JSON.stringify(row)) continue;
        if (!writes.some((w) => explainedBy(table, row, w.answer.json)))
          unexplained.push(`${table} ${id}: ${JSON.stringify(before[table].get(id) ?? null)} → ${JSON.stringify(row)}`);
      }
      for (const id of before[table].keys()) {
        if (
          !after[table].has(id) &&
          !writes.some(
            (w) => w.c.method.toUpperCase() === 'DELETE' && w.answer.status === 204 && resolve(w.c.path).includes(id),
          )
        )
          unexplained.push(`${table} ${id} deleted without an accepted DELETE`);
      }
    }
    expect(unexplained).toEqual([]);
    expect((await checkInvariants(dataApiOf(stack.endpoints))).violations).toEqual([]);
  });

  it('exercised refusals and successes alike, in the functions and not only at the gateway (a fuzz that only hits one status proves little)', () => {
    const reachedFunctions = results.filter((r) => !isGatewayResponse(r.answer)).length;
    if (process.env.FUZZ_REPORT) {
      const byClass: Record<string, number> = {};
      for (const r of results) {
        const klass =
          `${r.answer.status} ${errorCode(r.answer) ?? ''}`.trim() + (isGatewayResponse(r.answer) ? ' (gateway)' : '');
        byClass[klass] = (byClass[klass] ?? 0) + 1;
      }
      writeFileSync(
        process.env.FUZZ_REPORT,
        `${JSON.stringify({ runs: RUNS, seed: SEED, reachedFunctions, byClass }, null, 2)}\n`,
      );
    }
    // The anchors are sent whatever the seed, so each expected status is met in every run. Not
    // 409: it needs the same name created twice in one org; the duplicate-name conflict has its
    // own tests, and FUZZ_REPORT shows how often the fuzz met it.
    const anchored = ANCHOR_CASES.map((anchor) => ({
      expected: anchor.expected,
      status: results.find((r) => r.c === anchor.c)?.answer.status,
    }));
    expect(anchored.map((a) => a.status)).toEqual(anchored.map((a) => a.expected));
    expect(reachedFunctions).toBeGreaterThanOrEqual(RUNS / 5);
  });
});

/**
 * List cursors, fuzzed on their own: random bytes, a real cursor with a character flipped,
 * hand-made `<date>|<id>` pairs with tampered fields and extreme dates (year 0000, JavaScript's
 * extended years, February 31, 24:00, leap seconds), and cursors taken from another org's list.
 * A cursor is a position, never a permission: another org's cursor pages through the caller's
 * own specs. Every answer is a 200 or a 400, never a 5xx.
 */
describe('fuzzed list cursors', () => {
  const CURSOR_RUNS = Math.max(200, Math.round(RUNS / 8));
  const real = { own: '', other: '' };
  const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64url');
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  const extremeDate = fc.oneof(
    fc.constantFrom(
      '0000-01-01T00:00:00.000Z',
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '2026-02-31T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-06-30T23:59:60.000Z',
      '1970-01-01T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
      '-271821-04-20T00:00:00.000Z',
      '2026-01-01T00:00:00Z',
      '2026-01-01 00:00:00.000+00',
      'infinity',
      '',
    ),
    // Any instant JavaScript can hold, written as it writes it (extended years included).
    fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms).toISOString()),
    // The right shape with any field out of range.
    fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(
        ([y, mo, d, h, mi, s, ms]) =>
          `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`,
      ),
  );
  const tamperedId = fc.oneof(
    fc.uuid(),
    fc.constant('{otherSpec}'),
    fc.constantFrom('', 'nope', '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'),
    text,
  );
  const cursor = fc.oneof(
    fc.uint8Array({ maxLength: 150 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
    fc.tuple(extremeDate, tamperedId).map(([date, id]) => b64(`${date}|${id}`)),
    fc.tuple(extremeDate, tamperedId, text).map(([date, id, more]) => b64(`${date}|${id}|${more}`)),
    fc.constantFrom('{ownCursor}', '{otherCursor}'),
    fc
      .tuple(fc.constantFrom('{ownCursor}', '{otherCursor}'), fc.nat(), fc.constantFrom('A', '_', '-', '0', 'z'))
      .map(([which, at, char]) => `${which}@${at}@${char}`),
    text,
  );
  const cursorCase = fc.record({
    cursor,
    limit: fc.option(fc.constantFrom('1', '2', '100'), { nil: undefined }),
    caller: fc.constantFrom('{token}', '{other}'),
  });

  /** The cursor a case names, with the real ones filled in (a flip replaces one character). */
  function cursorOf(value: string): string {
    const named = value.replace('{otherSpec}', world.otherSpecId);
    const flip = /^\{(own|other)Cursor\}@(\d+)@(.)$/.exec(named);
    if (flip) {
      const original = flip[1] === 'own' ? real.own : real.other;
      const at = Number(flip[2]) % original.length;
      return `${original.slice(0, at)}${flip[3]}${original.slice(at + 1)}`;
    }
    return named.replace('{ownCursor}', real.own).replace('{otherCursor}', real.other);
  }

  const list = async (accessToken: string, queryString: string) => {
    await slot('public');
    return client.send({
      method: 'GET',
      url: `${stack.endpoints.publicApiUrl}/api/specs${queryString ? `?${queryString}` : ''}`,
      headers: { authorization: `Bearer ${accessToken}` },
    });
  };
  const results: { cursor: string; answer: HttpAnswer }[] = [];

  beforeAll(async () => {
    // Two more specs each, so `limit=1` has a next page in both orgs.
    for (const accessToken of [world.token, world.otherToken]) {
      for (const name of ['cursor fuzz a', 'cursor fuzz b']) {
        await client.send({
          method: 'POST',
          url: `${stack.endpoints.publicApiUrl}/api/specs`,
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name }),
        });
      }
    }
    real.own = ((await list(world.token, 'limit=1')).json as { nextCursor: string }).nextCursor;
    real.other = ((await list(world.otherToken, 'limit=1')).json as { nextCursor: string }).nextCursor;
    const cases = fc.sample(cursorCase, { numRuns: CURSOR_RUNS, seed: SEED });
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const value = cursorOf(c.cursor);
          const params = new URLSearchParams({ cursor: value, ...(c.limit ? { limit: c.limit } : {}) });
          const answer = await list(c.caller === '{token}' ? world.token : world.otherToken, params.toString());
          results.push({ cursor: value, answer });
        }
      }),
    );
  }, 15 * 60_000);

  it('found a real next cursor in both orgs to tamper with', () => {
    expect(real.own).toMatch(/^[\w-]+$/);
    expect(real.other).toMatch(/^[\w-]+$/);
  });

  it('answers every cursor 200 or 400, never a 5xx, always with the envelope and the security headers', () => {
    const failing = results
      .filter((r) => ![200, 400].includes(r.answer.status) || universalProblems(r.answer).length > 0)
      .slice(0, 5)
      .map((r) => ({ cursor: r.cursor, status: r.answer.status, body: r.answer.body.slice(0, 300) }));
    expect(failing).toEqual([]);
    expect(results).toHaveLength(CURSOR_RUNS);
  });

  it("pages through the caller's own specs only, whoever's cursor it is given", async () => {
    for (const [accessToken, cursorValue, foreignSpec] of [
      [world.token, real.other, world.otherSpecId],
      [world.otherToken, real.own, world.ownSpecId],
    ] as const) {
      const answer = await list(accessToken, `cursor=${cursorValue}&limit=100`);
      expect(answer.status).toBe(200);
      const ids = (answer.json as { items: { id: string }[] }).items.map((item) => item.id);
      expect(ids).not.toContain(foreignSpec);
    }
  });
});
