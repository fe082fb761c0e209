/**
 * The IDOR matrix: a synced caller of org A tries every org-scoped route against org B's data,
 * with B's ids, random ids, malformed ids, and B's org id smuggled in the body, the query and
 * headers. Every attempt answers 404 or validation_failed (a smuggled header is simply ignored),
 * and B's rows are byte-for-byte unchanged afterwards. The team routes are tried by each role of
 * A (owner, admin, member) against B's members, invitations and events.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { uniqueName } from '../../support/store-fixtures';
import type { Role } from '../../../lambdas/shared/store/types';
import { call, loadHandlers, syncedOwner, type Handlers } from './harness';
import { invite, newTeam, type Person } from './team-fixtures';

const db = testDb();
let handlers: Handlers;
let attacker: Awaited<ReturnType<typeof syncedOwner>>;
let victim: Awaited<ReturnType<typeof syncedOwner>>;
let victimSpecId: string;
let attackerSpecId: string;

async function snapshotOfVictim() {
  const specs = await db.query(
    `SELECT id, org_id, name, source_url, created_by, created_at, updated_at FROM specs WHERE org_id = :orgId ORDER BY id`,
    { orgId: uuid(victim.org.id) },
  );
  const org = await db.query(`SELECT id, name, plan, created_at FROM orgs WHERE id = :orgId`, {
    orgId: uuid(victim.org.id),
  });
  const users = await db.query(`SELECT id, org_id, email, role FROM users WHERE org_id = :orgId ORDER BY id`, {
    orgId: uuid(victim.org.id),
  });
  return { specs: specs.rows, org: org.rows, users: users.rows };
}

beforeAll(async () => {
  handlers = await loadHandlers();
  attacker = await syncedOwner(db);
  victim = await syncedOwner(db);
  const created = await call(
    handlers.specs,
    routeEvent('createSpec', {
      authorizer: victim.auth,
      body: { name: uniqueName('secret'), sourceUrl: 'https://victim.example/openapi.json' },
    }),
  );
  victimSpecId = created.json.id;
  attackerSpecId = (
    await call(
      handlers.specs,
      routeEvent('createSpec', { authorizer: attacker.auth, body: { name: uniqueName('mine') } }),
    )
  ).json.id;
});

type Attempt = [
  label: string,
  handler: keyof Handlers,
  event: () => APIGatewayProxyEvent,
  expected: 404 | 'validation_failed' | 'own-data',
];

const ids = (): Array<[string, () => string]> => [
  ["the other org's spec id", () => victimSpecId],
  ['a random id', () => randomUUID()],
  ['a non-UUID id', () => 'not-a-uuid'],
  ['an upper-case other-org id', () => victimSpecId.toUpperCase()],
  ['an id with a SQL tail', () => `${victimSpecId}' OR '1'='1`],
  ['an encoded path traversal', () => `..%2F${victimSpecId}`],
];

const attempts = (): Attempt[] => {
  const a = attacker.auth;
  const orgB = victim.org.id;
  const byId: Attempt[] = ids().flatMap(([label, id]): Attempt[] => [
    [
      `GET spec by ${label}`,
      'specs',
      () => routeEvent('getSpec', { authorizer: a, pathParameters: { specId: id() } }),
      404,
    ],
    [
      `PATCH spec by ${label}`,
      'specs',
      () => routeEvent('updateSpec', { authorizer: a, pathParameters: { specId: id() }, body: { name: 'pwned' } }),
      404,
    ],
    [
      `DELETE spec by ${label}`,
      'specs',
      () => routeEvent('deleteSpec', { authorizer: a, pathParameters: { specId: id() } }),
      404,
    ],
  ]);
  const smuggled: Attempt[] = [
    [
      'POST spec with orgId in the body',
      'specs',
      () => routeEvent('createSpec', { authorizer: a, body: { name: uniqueName('x'), orgId: orgB } }),
      'validation_failed',
    ],
    [
      'POST spec with org_id in the body',
      'specs',
      () => routeEvent('createSpec', { authorizer: a, body: { name: uniqueName('x'), org_id: orgB } }),
      'validation_failed',
    ],
    [
      'POST spec with org_id in the query',
      'specs',
      () => routeEvent('createSpec', { authorizer: a, body: { name: uniqueName('x') }, query: { org_id: orgB } }),
      'validation_failed',
    ],
    [
      'PATCH own spec with orgId in the body',
      'specs',
      () =>
        routeEvent('updateSpec', { authorizer: a, pathParameters: { specId: attackerSpecId }, body: { orgId: orgB } }),
      'validation_failed',
    ],
    [
      'PATCH own spec with org_id in the body',
      'specs',
      () =>
        routeEvent('updateSpec', {
          authorizer: a,
          pathParameters: { specId: attackerSpecId },
          body: { name: 'n', org_id: orgB },
        }),
      'validation_failed',
    ],
    [
      'PATCH other spec with orgId in the body',
      'specs',
      () =>
        routeEvent('updateSpec', {
          authorizer: a,
          pathParameters: { specId: victimSpecId },
          body: { name: 'n', orgId: orgB },
        }),
      'validation_failed',
    ],
    [
      'GET other spec with org_id in the query',
      'specs',
      () => routeEvent('getSpec', { authorizer: a, pathParameters: { specId: victimSpecId }, query: { org_id: orgB } }),
      'validation_failed',
    ],
    [
      'GET other spec with orgId in the query',
      'specs',
      () => routeEvent('getSpec', { authorizer: a, pathParameters: { specId: victimSpecId }, query: { orgId: orgB } }),
      'validation_failed',
    ],
    [
      'GET other spec with an org header',
      'specs',
      () =>
        routeEvent('getSpec', {
          authorizer: a,
          pathParameters: { specId: victimSpecId },
          headers: { 'X-Org-Id': orgB, 'X-Intello-Org-Id': orgB },
        }),
      404,
    ],
    [
      'DELETE other spec with orgId in the body',
      'specs',
      () =>
        routeEvent('deleteSpec', { authorizer: a, pathParameters: { specId: victimSpecId }, body: { orgId: orgB } }),
      'validation_failed',
    ],
    [
      'DELETE other spec with org_id in the query',
      'specs',
      () =>
        routeEvent('deleteSpec', { authorizer: a, pathParameters: { specId: victimSpecId }, query: { org_id: orgB } }),
      'validation_failed',
    ],
    [
      'DELETE other spec with an org header',
      'specs',
      () =>
        routeEvent('deleteSpec', {
          authorizer: a,
          pathParameters: { specId: victimSpecId },
          headers: { 'x-org-id': orgB },
        }),
      404,
    ],
    [
      'list with org_id in the query',
      'specs',
      () => routeEvent('listSpecs', { authorizer: a, query: { org_id: orgB } }),
      'validation_failed',
    ],
    [
      'list with orgId in the query',
      'specs',
      () => routeEvent('listSpecs', { authorizer: a, query: { orgId: orgB } }),
      'validation_failed',
    ],
    [
      'list with an org header',
      'specs',
      () => routeEvent('listSpecs', { authorizer: a, headers: { 'X-Org-Id': orgB } }),
      'own-data',
    ],
    [
      'list with a body naming the org',
      'specs',
      () => routeEvent('listSpecs', { authorizer: a, body: { orgId: orgB } }),
      'validation_failed',
    ],
    [
      'me with org_id in the query',
      'me',
      () => routeEvent('getMe', { authorizer: a, query: { org_id: orgB } }),
      'validation_failed',
    ],
    [
      'me with an org header',
      'me',
      () => routeEvent('getMe', { authorizer: a, headers: { 'X-Org-Id': orgB } }),
      'own-data',
    ],
    [
      'me with a body naming the org',
      'me',
      () => routeEvent('getMe', { authorizer: a, body: { org_id: orgB } }),
      'validation_failed',
    ],
    [
      'sync with a body naming the org',
      'auth-sync',
      () => routeEvent('syncCaller', { authorizer: a, body: { orgId: orgB } }),
      'validation_failed',
    ],
  ];
  return [...byId, ...smuggled];
};

describe("IDOR: a caller of one org against another org's data", () => {
  it("answers 404 or validation_failed to every attempt and leaves the other org's rows unchanged", async () => {
    const before = await snapshotOfVictim();
    const list = attempts();
    const outcomes: string[] = [];
    for (const [label, fn, event, expected] of list) {
      const res = await call(handlers[fn], event());
      const got =
        expected === 'own-data'
          ? JSON.stringify(res.json).includes(victim.org.id) ||
            JSON.stringify(res.json).includes(victimSpecId) ||
            res.status !== 200
            ? `leaked ${res.status}`
            : 'own-data'
          : res.status === 404 && res.json?.error?.code === 'not_found'
            ? 404
            : res.status === 400 && res.json?.error?.code === 'validation_failed'
              ? 'validation_failed'
              : `${res.status} ${res.json?.error?.code}`;
      outcomes.push(`${label}: ${got}`);
    }
    // One comparison of the whole table, so a failure shows every attempt that went wrong.
    expect(outcomes).toEqual(list.map(([label, , , expected]) => `${label}: ${expected}`));
    expect(await snapshotOfVictim()).toEqual(before);
    expect(before.specs).toHaveLength(1);
  });

  it("answers a missing spec and another org's spec with the same body", async () => {
    const other = await call(
      handlers.specs,
      routeEvent('getSpec', { authorizer: attacker.auth, pathParameters: { specId: victimSpecId }, requestId: 'same' }),
    );
    const missing = await call(
      handlers.specs,
      routeEvent('getSpec', { authorizer: attacker.auth, pathParameters: { specId: randomUUID() }, requestId: 'same' }),
    );
    expect(other.body).toBe(missing.body);
  });
});

describe("IDOR on the team routes: each role of org A against org B's members, invitations and events", () => {
  let teamA: Awaited<ReturnType<typeof newTeam>>;
  let teamB: Awaited<ReturnType<typeof newTeam>>;
  let invitationB: { id: string; token: string };

  async function snapshotOfB() {
    const o = { o: uuid(teamB.orgId) };
    const [org, users, invitations, events] = await Promise.all([
      db.query('SELECT id, name, plan, created_at FROM orgs WHERE id = :o', o),
      db.query('SELECT id, org_id, email, role, joined_at FROM users WHERE org_id = :o ORDER BY id', o),
      db.query(
        'SELECT id, email, role, status, token_hash, expires_at FROM org_invitations WHERE org_id = :o ORDER BY id',
        o,
      ),
      db.query('SELECT id FROM org_events WHERE org_id = :o ORDER BY id', o),
    ]);
    return { org: org.rows, users: users.rows, invitations: invitations.rows, events: events.rows };
  }

  beforeAll(async () => {
    teamA = await newTeam(handlers, db);
    teamB = await newTeam(handlers, db);
    const invited = await invite(handlers, teamB.owner, 'pending-in-b@example.com');
    invitationB = { id: invited.json.invitation.id, token: invited.json.token };
  });

  type Expected = 404 | 403 | 'validation_failed' | 'own-data';
  type TeamAttempt = [label: string, event: (a: Person) => APIGatewayProxyEvent, expected: (role: Role) => Expected];
  /** Admin routes answer a plain member 403 before anything else: the same answer for A's ids and B's. */
  const adminOnly = (forAdmins: Expected) => (role: Role) => (role === 'member' ? 403 : forAdmins);
  const anyone = (expected: Expected) => () => expected;

  const teamAttempts = (): TeamAttempt[] => {
    const orgB = teamB.orgId;
    const bMembers: Array<[string, () => string]> = [
      ["B's owner", () => teamB.owner.userId],
      ["B's admin", () => teamB.admin.userId],
      ["B's member", () => teamB.member.userId],
      ['a random user id', () => randomUUID()],
      ['a non-UUID user id', () => 'not-a-uuid'],
      ["B's member id upper-cased", () => teamB.member.userId.toUpperCase()],
    ];
    const bInvitations: Array<[string, () => string]> = [
      ["B's invitation", () => invitationB.id],
      ['a random invitation id', () => randomUUID()],
      ['a non-UUID invitation id', () => `${invitationB.id}' OR '1'='1`],
    ];
    return [
      ...bMembers.flatMap(([label, id]): TeamAttempt[] => [
        [
          `PATCH role of ${label} to member`,
          (a) =>
            routeEvent('changeMemberRole', {
              authorizer: a.auth,
              pathParameters: { userId: id() },
              body: { role: 'member' },
            }),
          adminOnly(404),
        ],
        [
          `PATCH role of ${label} to owner`,
          (a) =>
            routeEvent('changeMemberRole', {
              authorizer: a.auth,
              pathParameters: { userId: id() },
              body: { role: 'owner' },
            }),
          adminOnly(404),
        ],
        [
          `DELETE ${label}`,
          (a) => routeEvent('removeMember', { authorizer: a.auth, pathParameters: { userId: id() } }),
          // Any member may call it (to leave); an id that cannot exist is not found before the store's role check.
          label.includes('non-UUID') ? anyone(404) : adminOnly(404),
        ],
      ]),
      ...bInvitations.map(
        ([label, id]): TeamAttempt => [
          `DELETE ${label}`,
          (a) => routeEvent('revokeInvitation', { authorizer: a.auth, pathParameters: { invitationId: id() } }),
          adminOnly(404),
        ],
      ),
      [
        'GET org with orgId in the query',
        (a) => routeEvent('getTeamOrg', { authorizer: a.auth, query: { orgId: orgB } }),
        anyone('validation_failed'),
      ],
      [
        'GET org with an org header',
        (a) => routeEvent('getTeamOrg', { authorizer: a.auth, headers: { 'X-Org-Id': orgB } }),
        anyone('own-data'),
      ],
      [
        'PATCH org with orgId in the body',
        (a) => routeEvent('renameOrg', { authorizer: a.auth, body: { name: 'pwned', orgId: orgB } }),
        adminOnly('validation_failed'),
      ],
      [
        'GET members with org_id in the query',
        (a) => routeEvent('listMembers', { authorizer: a.auth, query: { org_id: orgB } }),
        anyone('validation_failed'),
      ],
      [
        'GET members with an org header',
        (a) => routeEvent('listMembers', { authorizer: a.auth, headers: { 'x-org-id': orgB } }),
        anyone('own-data'),
      ],
      [
        'POST invitation with orgId in the body',
        (a) =>
          routeEvent('createInvitation', {
            authorizer: a.auth,
            body: { email: 'x@example.com', role: 'member', orgId: orgB },
          }),
        adminOnly('validation_failed'),
      ],
      [
        'GET invitations with an org header',
        (a) => routeEvent('listInvitations', { authorizer: a.auth, headers: { 'X-Org-Id': orgB } }),
        adminOnly('own-data'),
      ],
      [
        'GET invitations with orgId in the query',
        (a) => routeEvent('listInvitations', { authorizer: a.auth, query: { orgId: orgB } }),
        adminOnly('validation_failed'),
      ],
      [
        'GET events with an org header',
        (a) => routeEvent('listOrgEvents', { authorizer: a.auth, headers: { 'X-Org-Id': orgB } }),
        adminOnly('own-data'),
      ],
      [
        'GET events with org_id in the query',
        (a) => routeEvent('listOrgEvents', { authorizer: a.auth, query: { org_id: orgB } }),
        adminOnly('validation_failed'),
      ],
      [
        "accept B's invitation with orgId in the body",
        (a) => routeEvent('acceptInvitation', { authorizer: a.auth, body: { token: invitationB.token, orgId: orgB } }),
        anyone('validation_failed'),
      ],
      [
        'accept with a guessed token',
        (a) => routeEvent('acceptInvitation', { authorizer: a.auth, body: { token: `inv_${randomUUID()}` } }),
        anyone(404),
      ],
    ];
  };

  it.each(['owner', 'admin', 'member'] as const)(
    "answers the %s of A 404, 403 or validation_failed and leaves B's rows unchanged",
    async (role) => {
      const attackerOfA = teamA[role];
      const before = await snapshotOfB();
      const list = teamAttempts();
      const outcomes: string[] = [];
      for (const [label, event] of list) {
        const res = await call(handlers.org, event(attackerOfA));
        const body = JSON.stringify(res.json);
        const leaked = [teamB.orgId, teamB.owner.userId, teamB.admin.userId, teamB.member.userId, invitationB.id].some(
          (id) => body.includes(id),
        );
        const got =
          res.status === 200 && !leaked
            ? 'own-data'
            : leaked
              ? `leaked ${res.status}`
              : res.status === 404 && res.json?.error?.code === 'not_found'
                ? 404
                : res.status === 403 && res.json?.error?.code === 'forbidden'
                  ? 403
                  : res.status === 400 && res.json?.error?.code === 'validation_failed'
                    ? 'validation_failed'
                    : `${res.status} ${res.json?.error?.code}`;
        outcomes.push(`${label}: ${got}`);
      }
      expect(outcomes).toEqual(list.map(([label, , expected]) => `${label}: ${expected(role)}`));
      expect(await snapshotOfB()).toEqual(before);
      expect(before.users).toHaveLength(3);
      expect(before.invitations).toHaveLength(3);
    },
  );

  it("answers another org's member and a missing one with the same body", async () => {
    const event = (userId: string) =>
      routeEvent('removeMember', { authorizer: teamA.admin.auth, pathParameters: { userId }, requestId: 'same' });
    const other = await call(handlers.org, event(teamB.member.userId));
    const missing = await call(handlers.org, event(randomUUID()));
    expect(other.body).toBe(missing.body);
  });
});
