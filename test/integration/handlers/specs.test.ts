import { routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { uniqueName } from '../../support/store-fixtures';
import { APP_ORIGIN, call, loadHandlers, syncedOwner, type Handlers } from './harness';

const db = testDb();
let handlers: Handlers;

beforeAll(async () => {
  handlers = await loadHandlers();
});

describe('the specs routes', () => {
  it("create, read, update, list and delete a spec of the caller's org", async () => {
    const { auth, user } = await syncedOwner(db);
    const name = uniqueName('billing');
    const created = await call(
      handlers.specs,
      routeEvent('createSpec', { authorizer: auth, body: { name, sourceUrl: 'https://example.com/openapi.json' } }),
    );
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.any(String),
      name,
      sourceUrl: 'https://example.com/openapi.json',
      createdBy: user.id,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    const specId = created.json.id as string;

    const read = await call(handlers.specs, routeEvent('getSpec', { authorizer: auth, pathParameters: { specId } }));
    expect(read).toMatchObject({ status: 200, json: { id: specId, name } });

    const patched = await call(
      handlers.specs,
      routeEvent('updateSpec', { authorizer: auth, pathParameters: { specId }, body: { sourceUrl: null } }),
    );
    expect(patched).toMatchObject({ status: 200, json: { id: specId, name, sourceUrl: null } });

    const listed = await call(handlers.specs, routeEvent('listSpecs', { authorizer: auth }));
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual({ items: [patched.json], nextCursor: null });

    const deleted = await call(
      handlers.specs,
      routeEvent('deleteSpec', { authorizer: auth, pathParameters: { specId } }),
    );
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBe('');
    expect(
      (await call(handlers.specs, routeEvent('getSpec', { authorizer: auth, pathParameters: { specId } }))).status,
    ).toBe(404);
    expect(
      (await call(handlers.specs, routeEvent('deleteSpec', { authorizer: auth, pathParameters: { specId } }))).status,
    ).toBe(404);
  });

  it('answers 409 conflict for a duplicate name in the org, and allows it in another org', async () => {
    const a = await syncedOwner(db);
    const b = await syncedOwner(db);
    const name = uniqueName('dup');
    expect((await call(handlers.specs, routeEvent('createSpec', { authorizer: a.auth, body: { name } }))).status).toBe(
      201,
    );
    const again = await call(handlers.specs, routeEvent('createSpec', { authorizer: a.auth, body: { name } }));
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({
      code: 'conflict',
      message: 'a spec with this name already exists in the organization',
    });
    expect((await call(handlers.specs, routeEvent('createSpec', { authorizer: b.auth, body: { name } }))).status).toBe(
      201,
    );
  });

  it('pages through the list with limit and the opaque cursor, newest first, without repeats', async () => {
    const { auth } = await syncedOwner(db);
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const name = `${uniqueName('page')}-${i}`;
      names.push(name);
      await call(handlers.specs, routeEvent('createSpec', { authorizer: auth, body: { name } }));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = cursor ? { limit: '2', cursor } : { limit: '2' };
      const page = await call(handlers.specs, routeEvent('listSpecs', { authorizer: auth, query }));
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items.map((s: { name: string }) => s.name));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].reverse());
  });

  it('defaults the page size to 20', async () => {
    const { auth } = await syncedOwner(db);
    for (let i = 0; i < 21; i++)
      await call(handlers.specs, routeEvent('createSpec', { authorizer: auth, body: { name: `n-${i}` } }));
    const page = await call(handlers.specs, routeEvent('listSpecs', { authorizer: auth }));
    expect(page.json.items).toHaveLength(20);
    expect(page.json.nextCursor).toEqual(expect.any(String));
  });

  it('sends the security headers and CORS for the configured origin', async () => {
    const { auth } = await syncedOwner(db);
    const res = await call(
      handlers.specs,
      routeEvent('listSpecs', { authorizer: auth, headers: { Origin: APP_ORIGIN } }),
    );
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': APP_ORIGIN,
      'x-content-type-options': 'nosniff',
      'content-type': 'application/json',
    });
  });
});
