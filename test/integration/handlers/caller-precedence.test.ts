/**
 * The caller's answer comes before the input's, now that the caller is read in the operation's
 * statement: where an operation refuses its input itself (a cursor the schema cannot judge, an
 * empty patch, an email that is not one), it reads the caller first, so a client without a row or
 * without the role learns nothing about the input.
 */
import { randomUUID } from 'node:crypto';
import { routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { authFor, call, loadHandlers, syncedOwner, unsyncedUserId, type Handlers } from './harness';
import { join, newPerson, syncedPerson } from './team-fixtures';

const db = testDb();
let handlers: Handlers;

beforeAll(async () => {
  handlers = await loadHandlers();
});

describe('the caller before the input', () => {
  it('answers 428 to an unsynced caller with a malformed cursor, and 400 to a synced one', async () => {
    const cursor = 'not-a-cursor';
    const unsynced = await call(
      handlers.specs,
      routeEvent('listSpecs', { authorizer: authFor(unsyncedUserId()), query: { cursor } }),
    );
    expect(unsynced.status).toBe(428);
    expect(unsynced.json.error.code).toBe('user_not_synced');
    const owner = await syncedOwner(db);
    const synced = await call(handlers.specs, routeEvent('listSpecs', { authorizer: owner.auth, query: { cursor } }));
    expect(synced.status).toBe(400);
    expect(synced.json.error.code).toBe('validation_failed');
  });

  it('answers 428 to an unsynced caller with an empty patch', async () => {
    const res = await call(
      handlers.specs,
      routeEvent('updateSpec', {
        authorizer: authFor(unsyncedUserId()),
        pathParameters: { specId: randomUUID() },
        body: {},
      }),
    );
    expect(res.status).toBe(428);
  });

  it('answers 403 to a member inviting an address that is not an email, and 400 to an admin', async () => {
    const owner = await syncedPerson(handlers);
    const member = newPerson('member');
    await join(handlers, owner, member);
    const body = { email: 'no-at-sign', role: 'member' };
    const asMember = await call(handlers.org, routeEvent('createInvitation', { authorizer: member.auth, body }));
    expect(asMember.status).toBe(403);
    expect(asMember.json.error.code).toBe('forbidden');
    const asOwner = await call(handlers.org, routeEvent('createInvitation', { authorizer: owner.auth, body }));
    expect(asOwner.status).toBe(400);
  });
});
