/**
 * Teams built through the real handlers: an owner syncs, invites, and each invitee accepts with
 * their own verified token, exactly as clients do.
 */
import { randomUUID } from 'node:crypto';
import type { DataExecutor } from '../../../lambdas/shared/data-api/types';
import { setOrgPlan } from '../../../lambdas/shared/store/orgs';
import { routeEvent } from '../../support/apigw-events';
import { uniqueName } from '../../support/store-fixtures';
import { authFor, call, type Handlers } from './harness';

export interface Person {
  userId: string;
  email: string;
  auth: ReturnType<typeof authFor>;
}

/** Someone with a verified token who has not synced. */
export function newPerson(prefix = 'person'): Person {
  const userId = randomUUID();
  const email = `${uniqueName(prefix)}@example.com`;
  return { userId, email, auth: authFor(userId, { email }) };
}

/** A person who synced: the owner of a fresh org. */
export async function syncedPerson(handlers: Handlers, prefix = 'owner'): Promise<Person & { orgId: string }> {
  const person = newPerson(prefix);
  const res = await call(handlers['auth-sync'], routeEvent('syncCaller', { authorizer: person.auth }));
  if (res.status !== 201) throw new Error(`sync answered ${res.status}: ${res.body}`);
  return { ...person, orgId: res.json.org.id };
}

export async function invite(handlers: Handlers, by: Person, email: string, role: 'admin' | 'member' = 'member') {
  return call(handlers.org, routeEvent('createInvitation', { authorizer: by.auth, body: { email, role } }));
}

export async function accept(handlers: Handlers, who: Person, token: string) {
  return call(handlers.org, routeEvent('acceptInvitation', { authorizer: who.auth, body: { token } }));
}

/** Invites `who` and accepts as them; throws unless both succeed. */
export async function join(handlers: Handlers, by: Person, who: Person, role: 'admin' | 'member' = 'member') {
  const invited = await invite(handlers, by, who.email, role);
  if (invited.status !== 201) throw new Error(`invite answered ${invited.status}: ${invited.body}`);
  const accepted = await accept(handlers, who, invited.json.token);
  if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}: ${accepted.body}`);
  return accepted.json;
}

/** An org with an owner, an admin and a member (the org is moved to `pro` so seats never get in the way). */
export async function newTeam(handlers: Handlers, db: DataExecutor) {
  const owner = await syncedPerson(handlers, 'owner');
  await setOrgPlan(db, { orgId: owner.orgId, plan: 'pro' });
  const admin = newPerson('admin');
  const member = newPerson('member');
  await join(handlers, owner, admin, 'admin');
  await join(handlers, owner, member, 'member');
  return { orgId: owner.orgId, owner, admin, member };
}
