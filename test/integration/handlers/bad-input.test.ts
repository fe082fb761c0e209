/**
 * Malformed bodies, headers, path parameters and query strings, each answered with the right
 * 4xx envelope: never a 500, never a stack, and nothing written to the database.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { uuid } from '../../../lambdas/shared/data-api/params';
import { restEvent, routeEvent } from '../../support/apigw-events';
import { testDb } from '../../support/database';
import { call, loadHandlers, syncedOwner, type Handlers } from './harness';

const db = testDb();
let handlers: Handlers;
let caller: Awaited<ReturnType<typeof syncedOwner>>;
let specId: string;

type Ctx = { auth: Record<string, string | number>; specId: string };
type Row = [label: string, fn: keyof Handlers, event: (c: Ctx) => APIGatewayProxyEvent, status: number, code: string];

const post =
  (body: unknown, headers: Record<string, string> = {}) =>
  (c: Ctx) =>
    routeEvent('createSpec', { authorizer: c.auth, body: body as string, headers });
const raw =
  (body: string, contentType?: string, isBase64Encoded = false) =>
  (c: Ctx) =>
    routeEvent('createSpec', {
      authorizer: c.auth,
      body,
      isBase64Encoded,
      headers: contentType === undefined ? {} : { 'Content-Type': contentType },
    });
const patch = (body: unknown) => (c: Ctx) =>
  routeEvent('updateSpec', { authorizer: c.auth, pathParameters: { specId: c.specId }, body: body as string });
const list = (query: Record<string, string | string[]>) => (c: Ctx) =>
  routeEvent('listSpecs', { authorizer: c.auth, query });
const getById = (id: string | null) => (c: Ctx) =>
  routeEvent('getSpec', { authorizer: c.auth, pathParameters: id === null ? null : { specId: id } });
const https = (length: number) => `https://example.com/${'a'.repeat(length)}`;
const VF = 'validation_failed';

const rows: Row[] = [
  ['POST without a body', 'specs', (c) => routeEvent('createSpec', { authorizer: c.auth }), 400, 'bad_request'],
  ['POST with an empty body', 'specs', raw('', 'application/json'), 400, 'bad_request'],
  ['truncated JSON', 'specs', raw('{"name":', 'application/json'), 400, 'bad_request'],
  ['JSON with a trailing comma', 'specs', raw('{"name":"a",}', 'application/json'), 400, 'bad_request'],
  ['a JSON array', 'specs', raw('[{"name":"a"}]', 'application/json'), 400, VF],
  ['a JSON string', 'specs', raw('"a"', 'application/json'), 400, VF],
  ['JSON null', 'specs', raw('null', 'application/json'), 400, VF],
  ['a JSON number', 'specs', raw('42', 'application/json'), 400, VF],
  ['an empty object', 'specs', post({}), 400, VF],
  ['an empty name', 'specs', post({ name: '' }), 400, VF],
  ['a 201-character name', 'specs', post({ name: 'n'.repeat(201) }), 400, VF],
  ['a numeric name', 'specs', post({ name: 7 }), 400, VF],
  ['a null name', 'specs', post({ name: null }), 400, VF],
  ['an object name', 'specs', post({ name: { $ne: '' } }), 400, VF],
  ['a name with surrounding spaces', 'specs', post({ name: ' padded ' }), 400, VF],
  ['a name with a NUL byte', 'specs', post({ name: 'a\u0000b' }), 400, VF],
  ['an http sourceUrl', 'specs', post({ name: 'a', sourceUrl: 'http://example.com/openapi.json' }), 400, VF],
  ['a javascript: sourceUrl', 'specs', post({ name: 'a', sourceUrl: 'javascript:alert(1)' }), 400, VF],
  ['a sourceUrl that is no URL', 'specs', post({ name: 'a', sourceUrl: 'openapi.json' }), 400, VF],
  ['a sourceUrl with credentials', 'specs', post({ name: 'a', sourceUrl: 'https://user:pw@example.com/x' }), 400, VF],
  ['a sourceUrl over 2048 characters', 'specs', post({ name: 'a', sourceUrl: https(2100) }), 400, VF],
  ['an unknown field id', 'specs', post({ name: 'a', id: '00000000-0000-4000-8000-000000000000' }), 400, VF],
  [
    'an unknown field createdBy',
    'specs',
    post({ name: 'a', createdBy: '00000000-0000-4000-8000-000000000000' }),
    400,
    VF,
  ],
  ['a __proto__ field', 'specs', raw('{"name":"a","__proto__":{"orgId":"x"}}', 'application/json'), 400, VF],
  ['a duplicate key whose last value is empty', 'specs', raw('{"name":"a","name":""}', 'application/json'), 400, VF],
  ['Content-Type text/plain', 'specs', raw('{"name":"a"}', 'text/plain'), 415, 'unsupported_media_type'],
  ['no Content-Type', 'specs', raw('{"name":"a"}'), 415, 'unsupported_media_type'],
  ['Content-Type application/xml', 'specs', raw('<name>a</name>', 'application/xml'), 415, 'unsupported_media_type'],
  ['a UTF-16 charset', 'specs', raw('{"name":"a"}', 'application/json; charset=utf-16'), 415, 'unsupported_media_type'],
  ['a form-encoded body', 'specs', raw('name=a', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type'],
  ['a body over 256 KiB', 'specs', post({ name: 'a', pad: 'x'.repeat(300 * 1024) }), 413, 'payload_too_large'],
  ['invalid base64', 'specs', raw('###', 'application/json', true), 400, 'bad_request'],
  [
    'base64 of invalid UTF-8',
    'specs',
    raw(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]).toString('base64'), 'application/json', true),
    400,
    'bad_request',
  ],
  ['PATCH with an empty object', 'specs', patch({}), 400, VF],
  ['PATCH with an empty name', 'specs', patch({ name: '' }), 400, VF],
  ['PATCH with an ftp sourceUrl', 'specs', patch({ sourceUrl: 'ftp://example.com/x' }), 400, VF],
  [
    'PATCH without a body',
    'specs',
    (c) => routeEvent('updateSpec', { authorizer: c.auth, pathParameters: { specId: c.specId } }),
    400,
    'bad_request',
  ],
  ['PATCH changing the id', 'specs', patch({ id: '00000000-0000-4000-8000-000000000000' }), 400, VF],
  ['a spec id that is no UUID', 'specs', getById('abc'), 404, 'not_found'],
  ['an empty spec id', 'specs', getById(''), 404, 'not_found'],
  ['a braced UUID', 'specs', getById('{7b0c3f4e-2a51-4d8e-9a0b-6f1f2b3c4d5e}'), 404, 'not_found'],
  ['a 10 000-character spec id', 'specs', getById('x'.repeat(10_000)), 404, 'not_found'],
  ['no path parameters at all', 'specs', getById(null), 404, 'not_found'],
  ['limit 0', 'specs', list({ limit: '0' }), 400, VF],
  ['limit 101', 'specs', list({ limit: '101' }), 400, VF],
  ['limit abc', 'specs', list({ limit: 'abc' }), 400, VF],
  ['limit 1.5', 'specs', list({ limit: '1.5' }), 400, VF],
  ['limit -1', 'specs', list({ limit: '-1' }), 400, VF],
  ['limit 1e1', 'specs', list({ limit: '1e1' }), 400, VF],
  ['limit given twice', 'specs', list({ limit: ['10', '20'] }), 400, VF],
  ['an empty cursor', 'specs', list({ cursor: '' }), 400, VF],
  ['a cursor that is not base64url', 'specs', list({ cursor: 'not a cursor!' }), 400, VF],
  ['a 500-character cursor', 'specs', list({ cursor: 'A'.repeat(500) }), 400, VF],
  [
    'a forged cursor with a bad id',
    'specs',
    list({ cursor: Buffer.from('2026-01-01T00:00:00.000Z|1 OR 1=1').toString('base64url') }),
    400,
    VF,
  ],
  ['an unknown query parameter', 'specs', list({ sort: 'name' }), 400, VF],
  [
    'PUT on /api/specs',
    'specs',
    (c) => restEvent({ method: 'PUT', resource: '/api/specs', authorizer: c.auth, body: { name: 'a' } }),
    405,
    'method_not_allowed',
  ],
  [
    'DELETE on /api/specs',
    'specs',
    (c) => restEvent({ method: 'DELETE', resource: '/api/specs', authorizer: c.auth }),
    405,
    'method_not_allowed',
  ],
  [
    'POST on /api/specs/{specId}',
    'specs',
    (c) =>
      restEvent({
        method: 'POST',
        resource: '/api/specs/{specId}',
        pathParameters: { specId: c.specId },
        authorizer: c.auth,
        body: { name: 'a' },
      }),
    405,
    'method_not_allowed',
  ],
  ['GET /api/me with a body', 'me', (c) => routeEvent('getMe', { authorizer: c.auth, body: { name: 'a' } }), 400, VF],
  [
    'no authorizer context',
    'specs',
    () => routeEvent('createSpec', { authorizer: null, body: { name: 'a' } }),
    401,
    'unauthorized',
  ],
  [
    'a non-UUID sub',
    'specs',
    (c) =>
      routeEvent('createSpec', { authorizer: { ...c.auth, sub: 'root', principalId: 'root' }, body: { name: 'a' } }),
    401,
    'unauthorized',
  ],
  [
    'a non-numeric exp',
    'specs',
    (c) => routeEvent('createSpec', { authorizer: { ...c.auth, exp: 'tomorrow' }, body: { name: 'a' } }),
    401,
    'unauthorized',
  ],
];

async function orgState() {
  const { rows: specs } = await db.query(
    `SELECT id, name, source_url, updated_at FROM specs WHERE org_id = :orgId ORDER BY id`,
    { orgId: uuid(caller.org.id) },
  );
  const { rows: orgs } = await db.query(`SELECT name, plan FROM orgs WHERE id = :orgId`, {
    orgId: uuid(caller.org.id),
  });
  return { specs, orgs };
}

beforeAll(async () => {
  handlers = await loadHandlers();
  caller = await syncedOwner(db);
  specId = (
    await call(
      handlers.specs,
      routeEvent('createSpec', {
        authorizer: caller.auth,
        body: { name: 'the one spec', sourceUrl: 'https://example.com/o.json' },
      }),
    )
  ).json.id;
});

describe('bad input', () => {
  it('answers each with its 4xx envelope, never a 500, and writes nothing', async () => {
    const before = await orgState();
    const outcomes: string[] = [];
    for (const [label, fn, event] of rows) {
      const res = await call(handlers[fn], event({ auth: caller.auth, specId }));
      const wellFormed =
        res.headers['content-type'] === 'application/json' &&
        typeof res.json?.error?.message === 'string' &&
        typeof res.json?.error?.requestId === 'string' &&
        !res.body.includes('    at ');
      outcomes.push(`${label}: ${res.status} ${res.json?.error?.code}${wellFormed ? '' : ' (malformed envelope)'}`);
    }
    expect(outcomes).toEqual(rows.map(([label, , , status, code]) => `${label}: ${status} ${code}`));
    expect(await orgState()).toEqual(before);
  });
});
