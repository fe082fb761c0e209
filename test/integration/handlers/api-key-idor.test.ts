/**
 * The IDOR matrix for org API keys: a key of org A, with every scope, on every org-scoped route
 * with the ids of org B gets 404 (B's org id smuggled in the body or query is refused as an
 * unknown field) and B's rows
 * are unchanged; an admin of A cannot revoke or list B's keys either.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { generateApiKey } from '../../../lambdas/shared/api-keys/key-format';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { createOrgApiKey } from '../../../lambdas/shared/store/org-api-keys';
import { apiKeyAuthorizerContext, routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { uniqueName } from '../../support/store-fixtures';
import { call, loadHandlers, syncedOwner, type Handlers } from './harness';

const db = testDb();
let handlers: Handlers;
let attacker: Awaited<ReturnType<typeof syncedOwner>>;
let victim: Awaited<ReturnType<typeof syncedOwner>>;
let attackerKey: Record<string, string | number>;
let victimSpecId: string;
let victimKeyId: string;

async function keyOf(owner: typeof attacker) {
  const { hash, start } = generateApiKey();
  return createOrgApiKey(db, {
    orgId: owner.org.id,
    createdBy: owner.user.id,
    name: uniqueName('key'),
    scopes: ['specs:read', 'specs:write'],
    expiresInDays: 30,
    hash,
    start,
    now: new Date(),
  });
}

async function snapshotOfVictim() {
  const orgId = { orgId: uuid(victim.org.id) };
  const specs = await db.query('SELECT * FROM specs WHERE org_id = :orgId ORDER BY id', orgId);
  const keys = await db.query('SELECT * FROM org_api_keys WHERE org_id = :orgId ORDER BY id', orgId);
  const events = await db.query('SELECT * FROM org_events WHERE org_id = :orgId ORDER BY id', orgId);
  const org = await db.query('SELECT * FROM orgs WHERE id = :orgId', orgId);
  return { specs: specs.rows, keys: keys.rows, events: events.rows, org: org.rows };
}

beforeAll(async () => {
  handlers = await loadHandlers();
  attacker = await syncedOwner(db);
  victim = await syncedOwner(db);
  const key = await keyOf(attacker);
  attackerKey = apiKeyAuthorizerContext({ keyId: key.id, orgId: attacker.org.id, scopes: key.scopes });
  victimKeyId = (await keyOf(victim)).id;
  victimSpecId = (
    await call(handlers.specs, routeEvent('createSpec', { authorizer: victim.auth, body: { name: uniqueName('b') } }))
  ).json.id;
});

const smuggled = () => ({ orgId: victim.org.id });

const attempts: Array<[string, keyof Handlers, () => APIGatewayProxyEvent]> = [
  [
    'GET a spec of B',
    'specs',
    () => routeEvent('getSpec', { authorizer: attackerKey, pathParameters: { specId: victimSpecId } }),
  ],
  [
    'PATCH a spec of B',
    'specs',
    () =>
      routeEvent('updateSpec', {
        authorizer: attackerKey,
        pathParameters: { specId: victimSpecId },
        body: { name: uniqueName('stolen') },
      }),
  ],
  [
    'DELETE a spec of B',
    'specs',
    () => routeEvent('deleteSpec', { authorizer: attackerKey, pathParameters: { specId: victimSpecId } }),
  ],
  [
    'DELETE a key of B as an admin of A',
    'org-api-keys',
    () => routeEvent('revokeApiKey', { authorizer: attacker.auth, pathParameters: { keyId: victimKeyId } }),
  ],
];

describe('a key of org A against org B', () => {
  it.each(attempts)('%s answers 404 and changes nothing of B', async (_label, fn, event) => {
    const before = await snapshotOfVictim();
    const res = await call(handlers[fn], event());
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
    expect(await snapshotOfVictim()).toEqual(before);
  });

  it('lists only A’s specs, even with B’s org id in the query', async () => {
    const before = await snapshotOfVictim();
    const res = await call(handlers.specs, routeEvent('listSpecs', { authorizer: attackerKey }));
    expect(res.status).toBe(200);
    expect(res.json.items.map((s: { id: string }) => s.id)).not.toContain(victimSpecId);
    const smuggling = await call(
      handlers.specs,
      routeEvent('listSpecs', { authorizer: attackerKey, query: smuggled() }),
    );
    expect(smuggling.json.error.code).toBe('validation_failed');
    expect(await snapshotOfVictim()).toEqual(before);
  });

  it('creates in A, even with B’s org id in the body (refused as an unknown field)', async () => {
    const before = await snapshotOfVictim();
    const res = await call(
      handlers.specs,
      routeEvent('createSpec', { authorizer: attackerKey, body: { name: uniqueName('x'), orgId: victim.org.id } }),
    );
    expect(res.json.error.code).toBe('validation_failed');
    expect(await snapshotOfVictim()).toEqual(before);
  });

  it('lists only A’s keys to an admin of A', async () => {
    const res = await call(handlers['org-api-keys'], routeEvent('listApiKeys', { authorizer: attacker.auth }));
    expect(res.json.items.map((k: { id: string }) => k.id)).not.toContain(victimKeyId);
  });

  it('cannot pass for a key of B by naming B’s org in the authorizer context', async () => {
    const before = await snapshotOfVictim();
    const forged = { ...attackerKey, orgId: victim.org.id };
    const res = await call(
      handlers.specs,
      routeEvent('getSpec', { authorizer: forged, pathParameters: { specId: victimSpecId } }),
    );
    expect(res.status).toBe(404);
    expect(await snapshotOfVictim()).toEqual(before);
  });
});
