/**
 * Who may do what in an org, through the real handlers: the route table's minRole (one
 * middleware, 403 forbidden), and the store's owner and last-owner rules under the org lock.
 */
import { uuid } from '../../../lambdas/shared/data-api/params';
import { routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { call, loadHandlers, type Handlers } from './harness';
import { invite, join, newPerson, newTeam, syncedPerson, type Person } from './team-fixtures';

const db = testDb();
let handlers: Handlers;

beforeAll(async () => {
  handlers = await loadHandlers();
});

function setRole(by: Person, userId: string, role: string) {
  return call(
    handlers.org,
    routeEvent('changeMemberRole', { authorizer: by.auth, pathParameters: { userId }, body: { role } }),
  );
}

function remove(by: Person, userId: string) {
  return call(handlers.org, routeEvent('removeMember', { authorizer: by.auth, pathParameters: { userId } }));
}

async function roleOf(userId: string): Promise<string | null> {
  const { rows } = await db.query<{ role: string }>('SELECT role FROM users WHERE id = :id', { id: uuid(userId) });
  return rows[0]?.role ?? null;
}

async function eventsOf(orgId: string) {
  const { rows } = await db.query<{ action: string; actor_id: string | null; target: unknown; details: unknown }>(
    `SELECT action, actor_id, target, details FROM org_events WHERE org_id = :orgId ORDER BY created_at, id`,
    { orgId: uuid(orgId) },
  );
  return rows;
}

describe('any member', () => {
  it('reads the org with its plan and seats, and its members', async () => {
    const team = await newTeam(handlers, db);
    const org = await call(handlers.org, routeEvent('getTeamOrg', { authorizer: team.member.auth }));
    expect(org.status).toBe(200);
    expect(org.json).toEqual({
      id: team.orgId,
      name: expect.any(String),
      plan: 'pro',
      seats: { used: 3, limit: 25 },
      createdAt: expect.any(String),
    });
    const members = await call(handlers.org, routeEvent('listMembers', { authorizer: team.member.auth }));
    expect(members.status).toBe(200);
    expect(members.json.nextCursor).toBeNull();
    expect(members.json.items).toEqual([
      { userId: team.owner.userId, email: team.owner.email, role: 'owner', joinedAt: expect.any(String) },
      { userId: team.admin.userId, email: team.admin.email, role: 'admin', joinedAt: expect.any(String) },
      { userId: team.member.userId, email: team.member.email, role: 'member', joinedAt: expect.any(String) },
    ]);
  });

  it('pages the members with a cursor, never repeating or skipping one', async () => {
    const team = await newTeam(handlers, db);
    const first = await call(
      handlers.org,
      routeEvent('listMembers', { authorizer: team.member.auth, query: { limit: '2' } }),
    );
    expect(first.json.items).toHaveLength(2);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await call(
      handlers.org,
      routeEvent('listMembers', { authorizer: team.member.auth, query: { limit: '2', cursor: first.json.nextCursor } }),
    );
    expect(second.json.items.map((m: { userId: string }) => m.userId)).toEqual([team.member.userId]);
    expect(second.json.nextCursor).toBeNull();
  });

  it.each([
    ['rename the org', 'renameOrg', { body: { name: 'Mine now' } }],
    ['invite', 'createInvitation', { body: { email: 'x@example.com', role: 'member' } }],
    ['list invitations', 'listInvitations', {}],
    [
      'revoke an invitation',
      'revokeInvitation',
      { pathParameters: { invitationId: '00000000-0000-4000-8000-000000000000' } },
    ],
    [
      'change a role',
      'changeMemberRole',
      { pathParameters: { userId: '00000000-0000-4000-8000-000000000000' }, body: { role: 'admin' } },
    ],
    ['read the audit log', 'listOrgEvents', {}],
  ])('cannot %s: 403 forbidden from the route table, before the body is looked at', async (_, operation, options) => {
    const team = await newTeam(handlers, db);
    const res = await call(handlers.org, routeEvent(operation, { authorizer: team.member.auth, ...options }));
    expect(res.status).toBe(403);
    expect(res.json.error).toEqual({
      code: 'forbidden',
      message: 'this needs the admin role in the organization',
      requestId: expect.any(String),
    });
  });

  it('cannot remove another member', async () => {
    const team = await newTeam(handlers, db);
    const res = await remove(team.member, team.admin.userId);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('forbidden');
    expect(await roleOf(team.admin.userId)).toBe('admin');
  });

  it('leaves the org: 204, the users row goes, member.left is recorded, and the next request is 428', async () => {
    const team = await newTeam(handlers, db);
    const res = await remove(team.member, team.member.userId);
    expect(res.status).toBe(204);
    expect(await roleOf(team.member.userId)).toBeNull();
    expect((await eventsOf(team.orgId)).at(-1)).toEqual({
      action: 'member.left',
      actor_id: team.member.userId,
      target: { type: 'user', id: team.member.userId },
      details: { email: team.member.email, role: 'member' },
    });
    const after = await call(handlers.me, routeEvent('getMe', { authorizer: team.member.auth }));
    expect(after.status).toBe(428);
  });
});

describe('an admin', () => {
  it('renames the org and records org.renamed', async () => {
    const team = await newTeam(handlers, db);
    const res = await call(
      handlers.org,
      routeEvent('renameOrg', { authorizer: team.admin.auth, body: { name: 'Acme Robotics' } }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: team.orgId,
      name: 'Acme Robotics',
      plan: 'pro',
      seats: { used: 3, limit: 25 },
    });
    expect((await eventsOf(team.orgId)).at(-1)).toMatchObject({
      action: 'org.renamed',
      actor_id: team.admin.userId,
      details: { to: 'Acme Robotics' },
    });
  });

  it('moves a member to admin and back, recording member.role_changed', async () => {
    const team = await newTeam(handlers, db);
    const up = await setRole(team.admin, team.member.userId, 'admin');
    expect(up.status).toBe(200);
    expect(up.json).toEqual({
      userId: team.member.userId,
      email: team.member.email,
      role: 'admin',
      joinedAt: expect.any(String),
    });
    expect((await setRole(team.admin, team.member.userId, 'member')).json.role).toBe('member');
    const changes = (await eventsOf(team.orgId)).filter((e) => e.action === 'member.role_changed');
    expect(changes.map((e) => e.details)).toEqual([
      { from: 'member', to: 'admin' },
      { from: 'admin', to: 'member' },
    ]);
  });

  it('cannot grant owner, demote an owner or remove an owner', async () => {
    const team = await newTeam(handlers, db);
    for (const res of [
      await setRole(team.admin, team.member.userId, 'owner'),
      await setRole(team.admin, team.admin.userId, 'owner'),
      await setRole(team.admin, team.owner.userId, 'member'),
      await remove(team.admin, team.owner.userId),
    ]) {
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    expect(await roleOf(team.owner.userId)).toBe('owner');
    expect(await roleOf(team.member.userId)).toBe('member');
  });

  it('removes a member and another admin, recording member.removed', async () => {
    const team = await newTeam(handlers, db);
    const other = newPerson('admin2');
    await join(handlers, team.owner, other, 'admin');
    expect((await remove(team.admin, team.member.userId)).status).toBe(204);
    expect((await remove(team.admin, other.userId)).status).toBe(204);
    expect(await roleOf(team.member.userId)).toBeNull();
    expect(await roleOf(other.userId)).toBeNull();
    const removed = (await eventsOf(team.orgId)).filter((e) => e.action === 'member.removed');
    expect(removed.map((e) => [e.actor_id, e.target])).toEqual([
      [team.admin.userId, { type: 'user', id: team.member.userId }],
      [team.admin.userId, { type: 'user', id: other.userId }],
    ]);
  });

  it('reads the audit log newest first, with actor and target and never a token', async () => {
    const team = await newTeam(handlers, db);
    const invited = await invite(handlers, team.admin, 'later@example.com');
    const res = await call(
      handlers.org,
      routeEvent('listOrgEvents', { authorizer: team.admin.auth, query: { limit: '3' } }),
    );
    expect(res.status).toBe(200);
    expect(res.json.items[0]).toEqual({
      id: expect.any(String),
      action: 'invitation.created',
      actor: { type: 'user', id: team.admin.userId },
      target: { type: 'invitation', id: invited.json.invitation.id },
      createdAt: expect.any(String),
      details: { email: 'later@example.com', role: 'member', expiresAt: invited.json.invitation.expiresAt },
    });
    const all: Array<{ action: string }> = [...res.json.items];
    let cursor = res.json.nextCursor;
    while (cursor) {
      const page = await call(
        handlers.org,
        routeEvent('listOrgEvents', { authorizer: team.admin.auth, query: { limit: '3', cursor } }),
      );
      all.push(...page.json.items);
      cursor = page.json.nextCursor;
    }
    expect(all.map((e) => e.action).reverse()).toEqual([
      'org.plan_changed',
      'invitation.created',
      'invitation.accepted',
      'member.joined',
      'invitation.created',
      'invitation.accepted',
      'member.joined',
      'invitation.created',
    ]);
    expect(JSON.stringify(all)).not.toContain(invited.json.token);
  });
});

describe('an owner', () => {
  it('grants owner, and a second owner may then demote the first', async () => {
    const team = await newTeam(handlers, db);
    expect((await setRole(team.owner, team.admin.userId, 'owner')).json.role).toBe('owner');
    const admin = { ...team.admin };
    expect((await setRole(admin, team.owner.userId, 'admin')).status).toBe(200);
    expect(await roleOf(team.owner.userId)).toBe('admin');
  });

  it('removes another owner', async () => {
    const team = await newTeam(handlers, db);
    await setRole(team.owner, team.admin.userId, 'owner');
    expect((await remove(team.owner, team.admin.userId)).status).toBe(204);
  });

  it('as the last owner cannot be demoted, removed or leave: 409 last_owner', async () => {
    const team = await newTeam(handlers, db);
    for (const res of [
      await setRole(team.owner, team.owner.userId, 'admin'),
      await remove(team.owner, team.owner.userId),
    ]) {
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe('last_owner');
    }
    expect(await roleOf(team.owner.userId)).toBe('owner');
  });

  it('as the only member cannot leave either: an org always has an owner', async () => {
    const solo = await syncedPerson(handlers);
    const res = await remove(solo, solo.userId);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('last_owner');
  });

  it('may leave once another owner exists', async () => {
    const team = await newTeam(handlers, db);
    await setRole(team.owner, team.admin.userId, 'owner');
    expect((await remove(team.owner, team.owner.userId)).status).toBe(204);
    expect(await roleOf(team.admin.userId)).toBe('owner');
  });
});

describe('a demoted caller', () => {
  it('loses the role at once: the role is read from the users row on every request', async () => {
    const team = await newTeam(handlers, db);
    await setRole(team.owner, team.admin.userId, 'member');
    const res = await invite(handlers, team.admin, 'someone@example.com');
    expect(res.status).toBe(403);
  });
});

describe('a removed member', () => {
  it('gets 428, then a fresh org of their own after sync; the specs they created stay with the team', async () => {
    const team = await newTeam(handlers, db);
    const spec = await call(
      handlers.specs,
      routeEvent('createSpec', { authorizer: team.member.auth, body: { name: 'kept' } }),
    );
    expect(spec.status).toBe(201);
    expect((await remove(team.owner, team.member.userId)).status).toBe(204);
    expect((await call(handlers.specs, routeEvent('listSpecs', { authorizer: team.member.auth }))).status).toBe(428);
    const synced = await call(handlers['auth-sync'], routeEvent('syncCaller', { authorizer: team.member.auth }));
    expect(synced.status).toBe(201);
    expect(synced.json.org.id).not.toBe(team.orgId);
    expect(synced.json.user.role).toBe('owner');
    const own = await call(handlers.specs, routeEvent('listSpecs', { authorizer: team.member.auth }));
    expect(own.json.items).toEqual([]);
    const kept = await call(
      handlers.specs,
      routeEvent('getSpec', { authorizer: team.owner.auth, pathParameters: { specId: spec.json.id } }),
    );
    expect(kept.status).toBe(200);
    expect(kept.json.createdBy).toBe(team.member.userId);
  });
});
