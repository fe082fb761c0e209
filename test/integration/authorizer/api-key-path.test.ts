/**
 * The authorizer's org API key path against the real local Data API, as the read-only
 * `intello_authorizer` role: every Allow and Deny, a database that cannot be reached (a throw,
 * never a Deny), and the real handler module dispatching a key to it.
 */
import { createServer } from 'node:net';
import { createApiKeyAuthorizer } from '../../../lambdas/authorizer/api-key-path';
import type { ApiKeyLookupConfig } from '../../../lambdas/authorizer/config';
import { createJsonLogger } from '../../../lambdas/authorizer/logger';
import { apiWildcardArn, authorizerResult } from '../../../lambdas/authorizer/policy';
import { generateApiKey } from '../../../lambdas/shared/api-keys/key-format';
import { createDataApiClient } from '../../../lambdas/shared/data-api/client';
import { createOrgApiKey, revokeOrgApiKey } from '../../../lambdas/shared/store/org-api-keys';
import { LOCAL_ROLE_SECRET_ARNS } from '../../../local/data-api/secret-roles';
import { readEndpoint } from '../../support/data-api-env';
import { testDb } from '../../support/database';
import { TEST_METHOD_ARN, tokenEvent } from '../../support/jwt/events';
import { newOwner, uniqueName } from '../../support/store-fixtures';
import { fileDatabase } from '../../support/test-data-api';

const db = testDb();
const main = readEndpoint('main')!;
const lookup: ApiKeyLookupConfig = {
  region: 'us-east-1',
  resourceArn: main.resourceArn,
  secretArn: LOCAL_ROLE_SECRET_ARNS.intello_authorizer,
  database: fileDatabase().name,
  endpoint: main.endpoint,
};
const lines: string[] = [];
const logger = createJsonLogger('authorizer', (line) => lines.push(line));
const policy = { apiWildcardArn, authorizerResult };
const RESOURCE = apiWildcardArn(TEST_METHOD_ARN);

/** A loopback port nobody listens on: the database "down", for real. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function newKey(scopes = ['specs:read', 'specs:write']) {
  const { user, org } = await newOwner(db);
  const generated = generateApiKey();
  const key = await createOrgApiKey(db, {
    orgId: org.id,
    createdBy: user.id,
    name: uniqueName('key'),
    scopes,
    expiresInDays: 30,
    hash: generated.hash,
    start: generated.start,
    now: new Date(),
  });
  return { key, secret: generated.secret, org, user };
}

const deny = (message: string) => authorizerResult('Deny', 'anonymous', RESOURCE, { code: 'unauthorized', message });

describe('the API key path', () => {
  const authorize = createApiKeyAuthorizer({ lookup, logger, policy });

  it('allows an active key on the API’s wildcard resource with the key’s identity as context', async () => {
    const { key, secret, org } = await newKey(['specs:read']);
    expect(await authorize(tokenEvent(`Bearer ${secret}`))).toEqual(
      authorizerResult('Allow', `apikey:${key.id}`, RESOURCE, {
        principalType: 'api_key',
        keyId: key.id,
        orgId: org.id,
        scopes: 'specs:read',
      }),
    );
  });

  it('denies an unknown key', async () => {
    expect(await authorize(tokenEvent(`Bearer ${generateApiKey().secret}`))).toEqual(deny('API key not found'));
  });

  it('denies a revoked key', async () => {
    const { key, secret, org, user } = await newKey();
    await revokeOrgApiKey(db, { orgId: org.id, keyId: key.id, actorId: user.id, now: new Date() });
    expect(await authorize(tokenEvent(`Bearer ${secret}`))).toEqual(deny('API key has been revoked'));
  });

  it('denies an expired key, by its own clock', async () => {
    const { key, secret } = await newKey();
    const later = createApiKeyAuthorizer({ lookup, logger, policy, now: () => Date.parse(key.expiresAt) });
    expect(await later(tokenEvent(`Bearer ${secret}`))).toEqual(deny('API key has expired'));
    const before = createApiKeyAuthorizer({ lookup, logger, policy, now: () => Date.parse(key.expiresAt) - 1 });
    expect((await before(tokenEvent(`Bearer ${secret}`))).policyDocument.Statement[0]!.Effect).toBe('Allow');
  });

  it('denies a malformed key or a wrong checksum without reaching the database', async () => {
    // The database is unreachable: any lookup would throw instead of denying.
    const offline = createApiKeyAuthorizer({
      lookup: { ...lookup, endpoint: `http://127.0.0.1:${await closedPort()}` },
      logger,
      policy,
    });
    const { secret } = generateApiKey();
    const wrongChecksum = `${secret.slice(0, -1)}${secret.endsWith('0') ? '1' : '0'}`;
    expect(await offline(tokenEvent(`Bearer ${wrongChecksum}`))).toEqual(deny('API key checksum does not match'));
    expect(await offline(tokenEvent(`Bearer ${secret}x`))).toEqual(deny('API key is malformed'));
    expect(await offline(tokenEvent('Bearer intello_sk_'))).toEqual(deny('API key is malformed'));
  });

  it('throws, and never denies, when the database cannot be reached', async () => {
    const offline = createApiKeyAuthorizer({
      lookup: { ...lookup, endpoint: `http://127.0.0.1:${await closedPort()}` },
      logger,
      policy,
    });
    await expect(offline(tokenEvent(`Bearer ${generateApiKey().secret}`))).rejects.toThrow(
      /^authorizer could not verify the API key: /,
    );
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ level: 'ERROR', decision: 'error', path: 'api_key' });
  });

  it('never logs the secret', async () => {
    const { secret } = await newKey();
    lines.length = 0;
    await authorize(tokenEvent(`Bearer ${secret}`));
    await authorize(tokenEvent(`Bearer ${secret.slice(0, -1)}0`));
    expect(lines.join('\n')).not.toContain(secret.slice(15, 40));
  });
});

/** The client wraps a database error as an internal ApiError; the PostgreSQL message is its cause. */
const permissionDenied = { cause: expect.objectContaining({ message: expect.stringMatching(/permission denied/) }) };

describe('the intello_authorizer role', () => {
  const asAuthorizer = createDataApiClient({
    region: 'us-east-1',
    endpoint: main.endpoint,
    resourceArn: main.resourceArn,
    secretArn: LOCAL_ROLE_SECRET_ARNS.intello_authorizer,
    database: fileDatabase().name,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  it('reads org_api_keys', async () => {
    await expect(asAuthorizer.query('SELECT count(*) AS n FROM org_api_keys')).resolves.toBeDefined();
  });

  it.each(['SELECT id FROM users LIMIT 1', 'SELECT id FROM orgs LIMIT 1', 'SELECT id FROM specs LIMIT 1'])(
    'may not run %s',
    async (sql) => {
      await expect(asAuthorizer.query(sql)).rejects.toMatchObject(permissionDenied);
    },
  );

  it('may not change a key', async () => {
    const { key } = await newKey();
    await expect(
      asAuthorizer.query(`UPDATE org_api_keys SET revoked_at = NULL WHERE id = '${key.id}'`),
    ).rejects.toMatchObject(permissionDenied);
  });
});
