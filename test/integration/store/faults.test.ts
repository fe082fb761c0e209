/**
 * Service faults, caused by the emulator's fault injection on this file's own instance, so no
 * other test file sees them or clears them. The retry clock is virtual: a 45-second budget is
 * spent without waiting.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../lambdas/shared/api-error';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { withTransaction } from '../../../lambdas/shared/data-api/transaction';
import { createSpec, listSpecs } from '../../../lambdas/shared/store/specs';
import { syncUser } from '../../../lambdas/shared/store/users';
import { virtualRetryClock } from '../../support/retry-clock';
import { newOwner } from '../../support/store-fixtures';
import { startPrivateDataApi, type PrivateDataApi } from '../../support/test-data-api';

let api: PrivateDataApi;
const faultyDb: PrivateDataApi['db'] = (options) => api.db(options);
const injectFaults: PrivateDataApi['injectFaults'] = (fault) => api.injectFaults(fault);
const clearFaults: PrivateDataApi['clearFaults'] = () => api.clearFaults();

beforeAll(async () => {
  api = await startPrivateDataApi();
}, 120_000);

afterAll(() => api?.close());

afterEach(() => {
  clearFaults();
});

async function rowsFor(userId: string, email: string) {
  const db = faultyDb();
  const users = await db.query('SELECT id FROM users WHERE id = :id', { id: uuid(userId) });
  const orgs = await db.query('SELECT id FROM orgs WHERE name = :name', { name: email.split('@')[0]! });
  return { users: users.rows.length, orgs: orgs.rows.length };
}

describe('a resume storm', () => {
  it('completes a first sync with the right data once the database has resumed', async () => {
    const clock = virtualRetryClock();
    const db = faultyDb({ retry: clock });
    const userId = randomUUID();
    const email = `${userId}@example.com`;
    injectFaults({ error: 'DatabaseResumingException', count: 6 });
    const result = await syncUser(db, { userId, email });
    expect(result).toMatchObject({ created: true, user: { id: userId, email, role: 'owner' }, org: { name: userId } });
    expect(clock.slept()).toBeGreaterThan(0);
    expect(await rowsFor(userId, email)).toEqual({ users: 1, orgs: 1 });
  });

  it('completes reads and writes of specs while calls keep failing for a while', async () => {
    const clock = virtualRetryClock();
    const db = faultyDb({ retry: clock });
    const { user, org } = await newOwner(faultyDb());
    injectFaults({ error: 'DatabaseResumingException', count: 3 });
    const spec = await createSpec(db, { orgId: org.id, createdBy: user.id, name: 'After resume' });
    injectFaults({ error: 'DatabaseResumingException', count: 3 });
    await expect(listSpecs(db, { orgId: org.id })).resolves.toEqual({ items: [spec], nextCursor: null });
  });

  it('repeats a read after throttling', async () => {
    const db = faultyDb({ retry: virtualRetryClock() });
    const { org } = await newOwner(faultyDb());
    injectFaults({ error: 'ThrottlingException', count: 2 });
    await expect(listSpecs(db, { orgId: org.id })).resolves.toEqual({ items: [], nextCursor: null });
  });
});

describe('a persistent fault', () => {
  it('ends a first sync with service_unavailable and writes nothing', async () => {
    const clock = virtualRetryClock();
    const db = faultyDb({ retry: clock });
    const userId = randomUUID();
    const email = `${userId}@example.com`;
    injectFaults({ error: 'DatabaseResumingException', count: 10_000 });
    const error = await syncUser(db, { userId, email }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'service_unavailable',
      status: 503,
      message: 'the database is temporarily unavailable, retry shortly',
    });
    expect(clock.slept()).toBeLessThanOrEqual(45_000);
    expect(clock.slept()).toBeGreaterThan(30_000);
    clearFaults();
    expect(await rowsFor(userId, email)).toEqual({ users: 0, orgs: 0 });
  });

  it('does not repeat a write after a 503 and rolls its transaction back', async () => {
    const db = faultyDb({ retry: virtualRetryClock() });
    const name = `half-${randomUUID()}`;
    const error = await withTransaction(db, async (tx) => {
      await tx.query('INSERT INTO orgs (name) VALUES (:name)', { name });
      injectFaults({ error: 'ServiceUnavailableError', count: 1 });
      await tx.query('INSERT INTO orgs (name) VALUES (:name)', { name: `${name}-second` });
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'service_unavailable' });
    const { rows } = await faultyDb().query('SELECT name FROM orgs WHERE name LIKE :prefix', { prefix: `${name}%` });
    expect(rows).toEqual([]);
  });

  it('rolls back a transaction whose commit was refused, so its row locks are released at once', async () => {
    const db = faultyDb({ retry: virtualRetryClock() });
    const { org } = await newOwner(faultyDb());
    const error = await withTransaction(db, async (tx) => {
      await tx.query('UPDATE orgs SET name = :name WHERE id = :orgId', {
        name: 'never committed',
        orgId: uuid(org.id),
      });
      injectFaults({ error: 'ThrottlingException', count: 1 });
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'service_unavailable' });
    // Left open, the transaction would hold the row
    // until the 3-minute idle timeout, and this write would wait past the test's timeout.
    await faultyDb().query('UPDATE orgs SET plan = :plan WHERE id = :orgId', { plan: 'pro', orgId: uuid(org.id) });
    const { rows } = await faultyDb().query<{ name: string; plan: string }>(
      'SELECT name, plan FROM orgs WHERE id = :orgId',
      { orgId: uuid(org.id) },
    );
    expect(rows).toEqual([{ name: org.name, plan: 'pro' }]);
  }, 20_000);
});
