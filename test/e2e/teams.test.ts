/**
 * A team on the local stack, as `npm start` runs it: the owner invites, the invitee signs up with
 * supabase-js and accepts without syncing first, both see the same specs, the member cannot
 * invite, the owner removes them, and the removed user gets 428 and then a fresh org after sync.
 * One stack for the file; the steps build on each other, so they run in sequence.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { E2E_START_TIMEOUT_MS, startE2eStack, type E2eStack } from './support/e2e-stack';
import { call, expectError } from './support/http';

const PASSWORD = 'correct horse battery';

let stack: E2eStack;
let api: string;

async function signUp(label: string) {
  const supabase = createClient(stack.endpoints.supabaseUrl, stack.endpoints.supabaseAnonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const email = `${label}-${randomUUID().slice(0, 8)}@Example.com`;
  const { data, error } = await supabase.auth.signUp({ email, password: PASSWORD });
  if (error || !data.session || !data.user) throw new Error(`sign-up failed: ${error?.message ?? 'no session'}`);
  return { email, token: data.session.access_token, userId: data.user.id };
}

beforeAll(async () => {
  stack = await startE2eStack();
  api = stack.endpoints.publicApiUrl;
}, E2E_START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
});

describe('a team on the local stack', () => {
  let owner: Awaited<ReturnType<typeof signUp>> & { orgId?: string };
  let bob: Awaited<ReturnType<typeof signUp>>;
  let token: string;
  let specId: string;

  it('lets the owner sync, create a spec and invite by email', async () => {
    owner = await signUp('owner');
    const synced = await call(`${api}/auth/sync`, { method: 'POST', token: owner.token });
    expect(synced.status).toBe(201);
    owner.orgId = (synced.body as { org: { id: string } }).org.id;
    const spec = await call(`${api}/api/specs`, { method: 'POST', token: owner.token, json: { name: 'shared spec' } });
    expect(spec.status).toBe(201);
    specId = (spec.body as { id: string }).id;
    bob = await signUp('bob');
    const invited = await call(`${api}/api/org/invitations`, {
      method: 'POST',
      token: owner.token,
      // The invitee's address in another case: emails compare case-insensitively.
      json: { email: bob.email.toUpperCase(), role: 'member' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ invitation: { email: bob.email.toLowerCase(), status: 'pending' } });
    token = (invited.body as { token: string }).token;
  });

  it('lets the invitee accept without syncing first, and both see the same specs', async () => {
    const accepted = await call(`${api}/api/invitations/accept`, { method: 'POST', token: bob.token, json: { token } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ user: { id: bob.userId, role: 'member' }, org: { id: owner.orgId } });
    const bobs = await call(`${api}/api/specs`, { token: bob.token });
    const owners = await call(`${api}/api/specs`, { token: owner.token });
    expect(bobs.status).toBe(200);
    expect(bobs.body).toEqual(owners.body);
    expect((bobs.body as { items: Array<{ id: string }> }).items.map((s) => s.id)).toEqual([specId]);
    const members = await call(`${api}/api/org/members`, { token: bob.token });
    expect((members.body as { items: Array<{ userId: string }> }).items.map((m) => m.userId)).toEqual([
      owner.userId,
      bob.userId,
    ]);
  });

  it('refuses an invitation from the member with 403 forbidden', async () => {
    const res = await call(`${api}/api/org/invitations`, {
      method: 'POST',
      token: bob.token,
      json: { email: 'someone@example.com', role: 'member' },
    });
    expectError(res, 403, 'forbidden');
  });

  it('lets the owner remove the member, who then gets 428 and a fresh org after sync', async () => {
    const removed = await call(`${api}/api/org/members/${bob.userId}`, { method: 'DELETE', token: owner.token });
    expect(removed.status).toBe(204);
    expectError(await call(`${api}/api/specs`, { token: bob.token }), 428, 'user_not_synced');
    const synced = await call(`${api}/auth/sync`, { method: 'POST', token: bob.token });
    expect(synced.status).toBe(201);
    expect((synced.body as { org: { id: string } }).org.id).not.toBe(owner.orgId);
    const own = await call(`${api}/api/specs`, { token: bob.token });
    expect(own.body).toEqual({ items: [], nextCursor: null });
    const kept = await call(`${api}/api/specs/${specId}`, { token: owner.token });
    expect(kept.body).toMatchObject({ id: specId, createdBy: owner.userId });
  });

  it("records the team's history in the audit log, newest first", async () => {
    const events = await call(`${api}/api/org/events`, { token: owner.token });
    expect(events.status).toBe(200);
    expect((events.body as { items: Array<{ action: string }> }).items.map((e) => e.action)).toEqual([
      'member.removed',
      'member.joined',
      'invitation.accepted',
      'invitation.created',
    ]);
  });
});
