/**
 * Invitations through the real handlers: the 201 and its one-time token, email case, re-invites,
 * expiry with an injected clock, seat limits, accepting without a sync, and moves between orgs.
 */
import { uuid } from '../../../lambdas/shared/data-api/params';
import { createInvitation, INVITATION_TTL_MS } from '../../../lambdas/shared/store/invitations';
import { acceptInvitation } from '../../../lambdas/shared/store/accept-invitation';
import { setOrgPlan } from '../../../lambdas/shared/store/orgs';
import { routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { authFor, call, countRows, loadHandlers, type Handlers } from './harness';
import { accept, invite, join, newPerson, newTeam, syncedPerson } from './team-fixtures';

const db = testDb();
let handlers: Handlers;

beforeAll(async () => {
  handlers = await loadHandlers();
});

async function orgOf(userId: string): Promise<string | null> {
  const { rows } = await db.query<{ org_id: string }>('SELECT org_id FROM users WHERE id = :id', { id: uuid(userId) });
  return rows[0]?.org_id ?? null;
}

async function storedInvitation(id: string) {
  const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM org_invitations WHERE id = :id', {
    id: uuid(id),
  });
  return rows[0];
}

describe('POST /api/org/invitations', () => {
  it('answers 201 with the invitation and a token of at least 128 bits, of which only the SHA-256 is stored', async () => {
    const owner = await syncedPerson(handlers);
    const res = await invite(handlers, owner, 'New.Person@Example.com', 'admin');
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      invitation: {
        id: expect.any(String),
        email: 'new.person@example.com',
        role: 'admin',
        status: 'pending',
        expiresAt: expect.any(String),
        invitedBy: owner.userId,
        createdAt: expect.any(String),
      },
      token: expect.stringMatching(/^inv_[A-Za-z0-9_-]{43}$/),
    });
    const { invitation, token } = res.json;
    expect(Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)).toBe(INVITATION_TTL_MS);
    const stored = await storedInvitation(invitation.id);
    expect(JSON.stringify(stored)).not.toContain(token);
    const { createHash } = await import('node:crypto');
    expect(stored!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const listed = await call(handlers.org, routeEvent('listInvitations', { authorizer: owner.auth }));
    expect(listed.json).toEqual({ items: [invitation] });
    expect(listed.body).not.toContain(token);
  });

  it("answers 409 already_member for a member's email, whatever its case", async () => {
    const team = await newTeam(handlers, db);
    const res = await invite(handlers, team.owner, team.member.email.toUpperCase());
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('already_member');
  });

  it('replaces a pending invitation for the same email: the old token stops working, the seat count stays', async () => {
    const owner = await syncedPerson(handlers);
    const invitee = newPerson('invitee');
    const first = await invite(handlers, owner, invitee.email);
    const second = await invite(handlers, owner, invitee.email.toUpperCase(), 'admin');
    expect(second.status).toBe(201);
    expect((await storedInvitation(first.json.invitation.id))!.status).toBe('replaced');
    const org = await call(handlers.org, routeEvent('getTeamOrg', { authorizer: owner.auth }));
    expect(org.json.seats).toEqual({ used: 2, limit: 3 });
    const old = await accept(handlers, invitee, first.json.token);
    expect(old.status).toBe(404);
    expect(old.json.error.code).toBe('not_found');
    const ok = await accept(handlers, invitee, second.json.token);
    expect(ok.status).toBe(200);
    expect(ok.json.user.role).toBe('admin');
  });

  it('refuses the invitation past the free plan limit with 402 seat_limit_reached that says to upgrade', async () => {
    const owner = await syncedPerson(handlers);
    expect((await invite(handlers, owner, 'a@example.com')).status).toBe(201);
    expect((await invite(handlers, owner, 'b@example.com')).status).toBe(201);
    const res = await invite(handlers, owner, 'c@example.com');
    expect(res.status).toBe(402);
    expect(res.json.error.code).toBe('seat_limit_reached');
    expect(res.json.error.message).toMatch(/upgrade/);
    expect(await countRows(db, 'users', 'org_id = :o', { o: uuid(owner.orgId) })).toBe(1);
  });

  it('frees the seat of a revoked invitation, whose token then stops working', async () => {
    const owner = await syncedPerson(handlers);
    const invitee = newPerson('invitee');
    const a = await invite(handlers, owner, invitee.email);
    await invite(handlers, owner, 'b@example.com');
    const revoked = await call(
      handlers.org,
      routeEvent('revokeInvitation', {
        authorizer: owner.auth,
        pathParameters: { invitationId: a.json.invitation.id },
      }),
    );
    expect(revoked.status).toBe(204);
    expect((await invite(handlers, owner, 'c@example.com')).status).toBe(201);
    expect((await accept(handlers, invitee, a.json.token)).status).toBe(404);
    const again = await call(
      handlers.org,
      routeEvent('revokeInvitation', {
        authorizer: owner.auth,
        pathParameters: { invitationId: a.json.invitation.id },
      }),
    );
    expect(again.status).toBe(404);
  });

  it('after a downgrade below usage removes nobody and refuses new invitations until under the limit', async () => {
    const team = await newTeam(handlers, db);
    await join(handlers, team.owner, newPerson('fourth'));
    await setOrgPlan(db, { orgId: team.orgId, plan: 'free' });
    const org = await call(handlers.org, routeEvent('getTeamOrg', { authorizer: team.member.auth }));
    expect(org.json.seats).toEqual({ used: 4, limit: 3 });
    expect((await invite(handlers, team.owner, 'over@example.com')).status).toBe(402);
    await call(
      handlers.org,
      routeEvent('removeMember', { authorizer: team.owner.auth, pathParameters: { userId: team.member.userId } }),
    );
    await call(
      handlers.org,
      routeEvent('removeMember', { authorizer: team.owner.auth, pathParameters: { userId: team.admin.userId } }),
    );
    expect((await invite(handlers, team.owner, 'under@example.com')).status).toBe(201);
  });
});

describe('POST /api/invitations/accept', () => {
  it('lets a user who never synced join directly, with no personal org ever made', async () => {
    const owner = await syncedPerson(handlers);
    const invitee = newPerson('fresh');
    const { json } = await invite(handlers, owner, invitee.email);
    const res = await accept(handlers, invitee, json.token);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      user: { id: invitee.userId, email: invitee.email, role: 'member' },
      org: { id: owner.orgId, name: expect.any(String), plan: 'free' },
    });
    // A personal org would be named after the (unique) local part of the invitee's email.
    expect(await countRows(db, 'orgs', 'name = :n', { n: invitee.email.split('@')[0]! })).toBe(0);
    const me = await call(handlers.me, routeEvent('getMe', { authorizer: invitee.auth }));
    expect(me.json.org.id).toBe(owner.orgId);
    const sync = await call(handlers['auth-sync'], routeEvent('syncCaller', { authorizer: invitee.auth }));
    expect(sync.status).toBe(200);
    expect(sync.json.org.id).toBe(owner.orgId);
  });

  it('compares the verified email case-insensitively', async () => {
    const owner = await syncedPerson(handlers);
    const invitee = newPerson('case');
    const { json } = await invite(handlers, owner, invitee.email.toLowerCase());
    const shouting = { ...invitee, auth: authFor(invitee.userId, { email: invitee.email.toUpperCase() }) };
    expect((await accept(handlers, shouting, json.token)).status).toBe(200);
  });

  it('compares non-ASCII letters case-insensitively too, as lower() does on Aurora (en_US.UTF-8)', async () => {
    const owner = await syncedPerson(handlers);
    const invitee = newPerson('élise');
    const { json } = await invite(handlers, owner, invitee.email);
    const shouting = { ...invitee, auth: authFor(invitee.userId, { email: invitee.email.toUpperCase() }) };
    expect(shouting.auth.email).toMatch(/^ÉLISE/);
    expect((await accept(handlers, shouting, json.token)).status).toBe(200);
  });

  it('lowers the invited email as PostgreSQL does, so a word-final Σ matches the invitee’s Σ as on Aurora', async () => {
    const owner = await syncedPerson(handlers);
    const invitee = newPerson('νίκοσ');
    const shouting = invitee.email.toUpperCase();
    const { json } = await invite(handlers, owner, shouting);
    // JavaScript would give 'νίκος-…' (final ς); glibc's lower(), and PostgreSQL's builtin C.UTF-8, give σ.
    expect(json.invitation.email).toBe(invitee.email);
    const accepted = await accept(
      handlers,
      { ...invitee, auth: authFor(invitee.userId, { email: shouting }) },
      json.token,
    );
    expect(accepted.status).toBe(200);
  });

  it('answers 403 invitation_email_mismatch to someone else holding the token, and leaves it usable', async () => {
    const owner = await syncedPerson(handlers);
    const invitee = newPerson('right');
    const { json } = await invite(handlers, owner, invitee.email);
    const res = await accept(handlers, newPerson('forwarded-to'), json.token);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('invitation_email_mismatch');
    const noEmail = { ...invitee, auth: authFor(invitee.userId, { email: '' }) };
    expect((await accept(handlers, noEmail, json.token)).json.error.code).toBe('invitation_email_mismatch');
    expect((await accept(handlers, invitee, json.token)).status).toBe(200);
  });

  it('answers 404 to an unknown token and to a used one', async () => {
    const owner = await syncedPerson(handlers);
    const invitee = newPerson('once');
    const { json } = await invite(handlers, owner, invitee.email);
    expect((await accept(handlers, invitee, 'inv_not-a-real-token')).status).toBe(404);
    expect((await accept(handlers, invitee, json.token)).status).toBe(200);
    const again = await accept(handlers, invitee, json.token);
    expect(again.status).toBe(404);
    expect(again.json.error.code).toBe('not_found');
  });

  it('answers 410 invitation_expired once 7 days have passed (injected clock) and the expired one uses no seat', async () => {
    const owner = await syncedPerson(handlers);
    const invitee = newPerson('late');
    const created = new Date(Date.now() - INVITATION_TTL_MS - 1000);
    const { token } = await createInvitation(db, {
      orgId: owner.orgId,
      actorId: owner.userId,
      email: invitee.email,
      role: 'member',
      now: created,
    });
    const res = await accept(handlers, invitee, token);
    expect(res.status).toBe(410);
    expect(res.json.error.code).toBe('invitation_expired');
    const org = await call(handlers.org, routeEvent('getTeamOrg', { authorizer: owner.auth }));
    expect(org.json.seats).toEqual({ used: 1, limit: 3 });
    // One millisecond before the expiry it was still good.
    const justInTime = await acceptInvitation(db, {
      token,
      userId: invitee.userId,
      email: invitee.email,
      now: new Date(created.getTime() + INVITATION_TTL_MS - 1),
    });
    expect(justInTime.org.id).toBe(owner.orgId);
  });

  it('answers 409 already_member to a member accepting an invitation to their own org', async () => {
    const team = await newTeam(handlers, db);
    const same = await invite(handlers, team.owner, 'again@example.com');
    const self = {
      userId: team.owner.userId,
      email: 'again@example.com',
      auth: authFor(team.owner.userId, { email: 'again@example.com' }),
    };
    const res = await accept(handlers, self, same.json.token);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('already_member');
  });
});

describe('moving between orgs', () => {
  it("deletes the caller's empty personal org in the same transaction", async () => {
    const owner = await syncedPerson(handlers);
    const mover = await syncedPerson(handlers, 'mover');
    const { json } = await invite(handlers, owner, mover.email);
    expect((await accept(handlers, mover, json.token)).status).toBe(200);
    expect(await orgOf(mover.userId)).toBe(owner.orgId);
    expect(await countRows(db, 'orgs', 'id = :o', { o: uuid(mover.orgId) })).toBe(0);
  });

  it('answers 409 org_not_empty while their only-member org still has specs, and changes nothing', async () => {
    const owner = await syncedPerson(handlers);
    const mover = await syncedPerson(handlers, 'mover');
    await call(handlers.specs, routeEvent('createSpec', { authorizer: mover.auth, body: { name: 'mine' } }));
    const { json } = await invite(handlers, owner, mover.email);
    const res = await accept(handlers, mover, json.token);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('org_not_empty');
    expect(res.json.error.message).toMatch(/specs/);
    expect(await orgOf(mover.userId)).toBe(mover.orgId);
    expect((await storedInvitation(json.invitation.id))!.status).toBe('pending');
  });

  it('answers 409 last_owner when they are the last owner of an org with other members', async () => {
    const other = await newTeam(handlers, db);
    const owner = await syncedPerson(handlers);
    const { json } = await invite(handlers, owner, other.owner.email);
    const res = await accept(handlers, other.owner, json.token);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('last_owner');
    expect(await orgOf(other.owner.userId)).toBe(other.orgId);
  });

  it('moves a member of another team, recording member.left there and member.joined here', async () => {
    const other = await newTeam(handlers, db);
    const owner = await syncedPerson(handlers);
    const { json } = await invite(handlers, owner, other.member.email, 'admin');
    const res = await accept(handlers, other.member, json.token);
    expect(res.status).toBe(200);
    expect(res.json.user.role).toBe('admin');
    expect(await countRows(db, 'users', 'org_id = :o', { o: uuid(other.orgId) })).toBe(2);
    const left = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM org_events WHERE org_id = :o AND action = 'member.left' AND actor_id = :u`,
      { o: uuid(other.orgId), u: uuid(other.member.userId) },
    );
    expect(left.rows[0]!.n).toBe(1);
    const joined = await db.query<{ action: string }>(
      `SELECT action FROM org_events WHERE org_id = :o AND actor_id = :u ORDER BY created_at, id`,
      { o: uuid(owner.orgId), u: uuid(other.member.userId) },
    );
    expect(joined.rows.map((r) => r.action)).toEqual(['invitation.accepted', 'member.joined']);
  });
});
