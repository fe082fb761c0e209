import { routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { call, loadHandlers, syncedOwner, type Handlers } from './harness';

const db = testDb();
let handlers: Handlers;

beforeAll(async () => {
  handlers = await loadHandlers();
});

describe('GET /api/me', () => {
  it('answers the caller and the org of their users row', async () => {
    const { auth, user, org } = await syncedOwner(db);
    const res = await call(handlers.me, routeEvent('getMe', { authorizer: auth }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      user: { id: user.id, email: user.email, role: 'owner' },
      org: { id: org.id, name: org.name, plan: 'free' },
    });
  });

  it('ignores an org id in a header: the org comes from the users row only', async () => {
    const { auth, org } = await syncedOwner(db);
    const other = await syncedOwner(db);
    const res = await call(
      handlers.me,
      routeEvent('getMe', { authorizer: auth, headers: { 'X-Org-Id': other.org.id, 'x-intello-org': other.org.id } }),
    );
    expect(res.json.org.id).toBe(org.id);
  });
});
