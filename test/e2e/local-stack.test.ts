/**
 * The whole local stack end to end, as `npm start` runs it: supabase-js against the auth
 * emulator, plain `fetch` against both API Gateway emulators, the Lambdas running their bundles
 * from `cdk.out/` on the local Data API. One stack for the file; each test signs up its own
 * users and creates its own specs, so any one of them runs alone (`-t`) and a failure stays its own.
 */
import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { E2E_CLOCK_SKEW_SECONDS, E2E_START_TIMEOUT_MS, startE2eStack, type E2eStack } from './support/e2e-stack';
import { call, expectError } from './support/http';

const PASSWORD = 'correct horse battery';
const AUTHORIZER_MIN_JWKS_FETCH_INTERVAL_MS = 10_000;

let stack: E2eStack;
let api: string;
let internal: string;

interface Account {
  supabase: SupabaseClient;
  email: string;
  token: string;
  userId: string;
}

function client(): SupabaseClient {
  return createClient(stack.endpoints.supabaseUrl, stack.endpoints.supabaseAnonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

async function signUp(label: string): Promise<Account> {
  const supabase = client();
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const { data, error } = await supabase.auth.signUp({ email, password: PASSWORD });
  if (error || !data.session || !data.user) throw new Error(`sign-up failed: ${error?.message ?? 'no session'}`);
  return { supabase, email, token: data.session.access_token, userId: data.user.id };
}

async function signUpAndSync(label: string): Promise<Account & { orgId: string }> {
  const account = await signUp(label);
  const synced = await call(`${api}/auth/sync`, { method: 'POST', token: account.token });
  if (synced.status !== 201) throw new Error(`sync failed: ${synced.status} ${JSON.stringify(synced.body)}`);
  return { ...account, orgId: (synced.body as { org: { id: string } }).org.id };
}

function kidOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  stack = await startE2eStack();
  api = stack.endpoints.publicApiUrl;
  internal = stack.endpoints.internalApiUrl;
}, E2E_START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
});

describe('the local stack, end to end', () => {
  it('writes endpoints.json with everything a client needs', async () => {
    const { readFileSync } = await import('node:fs');
    const written = JSON.parse(readFileSync(`${stack.localDir}/endpoints.json`, 'utf8')) as Record<string, string>;

    expect(written).toEqual(stack.endpoints);
    expect(Object.keys(written).sort()).toEqual(
      [
        'dataApiDatabase',
        'dataApiEndpoint',
        'dataApiResourceArn',
        'dataApiSecretArn',
        'internalApiUrl',
        'exampleApiUrl',
        'platformApiKey',
        'publicApiUrl',
        'supabaseAnonKey',
        'supabaseServiceRoleKey',
        'authControlToken',
        'supabaseUrl',
      ].sort(),
    );
  });

  it('answers GET /health without a token, at a URL with no stage prefix', async () => {
    const reply = await call(`${api}/health`);

    expect(reply.status).toBe(200);
  });

  it('signs up with supabase-js, then refuses /api/me with 428 until the user is synced', async () => {
    const ada = await signUp('ada');

    expectError(await call(`${api}/api/me`, { token: ada.token }), 428, 'user_not_synced');
  });

  it('syncs the user with 201, after which /api/me answers 200 with the user and their org', async () => {
    const ada = await signUp('ada');
    const synced = await call(`${api}/auth/sync`, { method: 'POST', token: ada.token });
    const me = await call(`${api}/api/me`, { token: ada.token });

    expect(synced.status).toBe(201);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: ada.userId, email: ada.email }, org: { id: expect.any(String) } });
  });

  it('creates, lists, reads, updates and deletes a spec', async () => {
    const ada = await signUpAndSync('ada');
    const created = await call(`${api}/api/specs`, {
      method: 'POST',
      token: ada.token,
      json: { name: 'petstore', sourceUrl: 'https://example.com/petstore.json' },
    });
    expect(created.status).toBe(201);
    const specId = (created.body as { id: string }).id;
    expect(created.body).toMatchObject({
      id: expect.any(String),
      name: 'petstore',
      sourceUrl: 'https://example.com/petstore.json',
      createdBy: ada.userId,
    });

    const listed = await call(`${api}/api/specs`, { token: ada.token });
    expect(listed.status).toBe(200);
    expect((listed.body as { items: Array<{ id: string }> }).items.map((s) => s.id)).toContain(specId);

    const updated = await call(`${api}/api/specs/${specId}`, {
      method: 'PATCH',
      token: ada.token,
      json: { name: 'petstore v2' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: specId, name: 'petstore v2' });

    const read = await call(`${api}/api/specs/${specId}`, { token: ada.token });
    expect(read.body).toMatchObject({ id: specId, name: 'petstore v2' });

    const scratch = await call(`${api}/api/specs`, { method: 'POST', token: ada.token, json: { name: 'scratch' } });
    const scratchId = (scratch.body as { id: string }).id;
    const deleted = await call(`${api}/api/specs/${scratchId}`, { method: 'DELETE', token: ada.token });
    expect(deleted.status).toBe(204);
    expectError(await call(`${api}/api/specs/${scratchId}`, { token: ada.token }), 404, 'not_found');
  });

  it("answers 404 to a user of another org on the first org's spec, for every verb, and changes nothing", async () => {
    const ada = await signUpAndSync('ada');
    const created = await call(`${api}/api/specs`, { method: 'POST', token: ada.token, json: { name: 'petstore v2' } });
    const specId = (created.body as { id: string }).id;
    const bob = await signUpAndSync('bob');
    expect(bob.orgId).not.toBe(ada.orgId);

    expectError(await call(`${api}/api/specs/${specId}`, { token: bob.token }), 404, 'not_found');
    expectError(
      await call(`${api}/api/specs/${specId}`, { method: 'PATCH', token: bob.token, json: { name: 'taken' } }),
      404,
      'not_found',
    );
    expectError(await call(`${api}/api/specs/${specId}`, { method: 'DELETE', token: bob.token }), 404, 'not_found');
    const bobsList = await call(`${api}/api/specs`, { token: bob.token });
    expect((bobsList.body as { items: unknown[] }).items).toEqual([]);

    expect((await call(`${api}/api/specs/${specId}`, { token: ada.token })).body).toMatchObject({
      id: specId,
      name: 'petstore v2',
    });
  });

  it('refuses with 401 token_expired a token that expires while its Allow is still cached', async () => {
    const ada = await signUpAndSync('ada');
    // The first call must land while the token is valid: on a slow machine a short life can run
    // out first, so a token that expired on the way is signed again with twice the life.
    let lifetimeSeconds = 2;
    let exp = 0;
    let shortLived = '';
    for (let attempt = 0; ; attempt += 1) {
      exp = Math.floor(Date.now() / 1000) + lifetimeSeconds;
      shortLived = await stack.auth!.control.signAccessToken({ sub: ada.userId, email: ada.email, exp });
      const first = await call(`${api}/api/me`, { token: shortLived });
      if (first.status === 200 || attempt === 4) {
        expect(first.status).toBe(200);
        break;
      }
      expectError(first, 401, 'token_expired');
      lifetimeSeconds *= 2;
    }

    // Past exp plus the handlers' leeway, well inside the authorizer cache's 300 s TTL.
    while (Math.floor(Date.now() / 1000) <= exp + E2E_CLOCK_SKEW_SECONDS) await sleep(250);
    const before = { ...stack.publicApi.stats };
    const late = await call(`${api}/api/me`, { token: shortLived });

    expectError(late, 401, 'token_expired');
    expect(stack.publicApi.stats.authorizerInvocations).toBe(before.authorizerInvocations);
    expect(stack.publicApi.stats.authorizerCacheHits).toBe(before.authorizerCacheHits + 1);
    expect(stack.publicApi.stats.lambdaInvocations).toBe(before.lambdaInvocations + 1);
  });

  it('refuses with 401 token_expired an expired token the authorizer sees for the first time', async () => {
    const exp = Math.floor(Date.now() / 1000) - 120;
    const expired = await stack.auth!.control.signAccessToken({ sub: randomUUID(), iat: exp - 3600, exp });
    const before = { ...stack.publicApi.stats };

    expectError(await call(`${api}/api/me`, { token: expired }), 401, 'token_expired');
    expect(stack.publicApi.stats.authorizerInvocations).toBe(before.authorizerInvocations + 1);
    expect(stack.publicApi.stats.lambdaInvocations).toBe(before.lambdaInvocations);
  });

  it('refuses a garbage token with 401 unauthorized without invoking the authorizer or a Lambda', async () => {
    const ada = await signUp('ada');
    const before = { ...stack.publicApi.stats };

    for (const authorization of [
      'Bearer garbage',
      'Bearer a.b',
      'Basic dXNlcjpwYXNz',
      `Bearer ${ada.token} trailing`,
    ]) {
      expectError(await call(`${api}/api/me`, { authorization }), 401, 'unauthorized');
    }
    expectError(await call(`${api}/api/me`), 401, 'unauthorized');

    expect(stack.publicApi.stats.authorizerInvocations).toBe(before.authorizerInvocations);
    expect(stack.publicApi.stats.lambdaInvocations).toBe(before.lambdaInvocations);
  });

  it('refuses a well-formed token with a forged signature with 401 after the authorizer ran', async () => {
    const ada = await signUp('ada');
    const [header, payload] = ada.token.split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(64, 7).toString('base64url')}`;
    const before = { ...stack.publicApi.stats };

    expectError(await call(`${api}/api/me`, { token: forged }), 401);
    expect(stack.publicApi.stats.authorizerInvocations).toBe(before.authorizerInvocations + 1);
    expect(stack.publicApi.stats.lambdaInvocations).toBe(before.lambdaInvocations);
  });

  it('refreshes the session with supabase-js, and the API accepts the new access token', async () => {
    const ada = await signUpAndSync('ada');
    const { data, error } = await ada.supabase.auth.refreshSession();
    expect(error).toBeNull();
    const refreshed = data.session!.access_token;
    expect(refreshed).not.toBe(ada.token);
    const before = stack.publicApi.stats.authorizerInvocations;

    const me = await call(`${api}/api/me`, { token: refreshed });

    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: ada.userId } });
    expect(stack.publicApi.stats.authorizerInvocations).toBe(before + 1);
  });

  it("accepts tokens signed with a new key after a rotation (the authorizer refetches the JWKS on an unknown kid), and still the old key's", async () => {
    const ada = await signUpAndSync('ada');
    const oldKid = kidOf(ada.token);
    const { kid } = await stack.auth!.control.rotateSigningKey();
    // The authorizer refetches on an unknown kid at most once per 10 s (lambdas/authorizer/
    // signing-keys.ts, minFetchIntervalMs) and may have fetched moments ago, at its cold start:
    // let that window pass, or the new kid is refused as unpublished.
    await sleep(AUTHORIZER_MIN_JWKS_FETCH_INTERVAL_MS + 1000);
    const { data, error } = await ada.supabase.auth.signInWithPassword({ email: ada.email, password: PASSWORD });
    expect(error).toBeNull();
    const fresh = data.session!.access_token;
    expect(kidOf(fresh)).toBe(kid);
    expect(kid).not.toBe(oldKid);

    expect((await call(`${api}/api/me`, { token: fresh })).status).toBe(200);
    stack.publicApi.flushAuthorizerCache();
    expect((await call(`${api}/api/me`, { token: ada.token })).status).toBe(200);
  }, 30_000);

  describe('the internal API', () => {
    it('refuses a request without an API key or with a wrong one with 403, before any Lambda', async () => {
      const ada = await signUpAndSync('ada');
      const before = stack.internalApi.stats.lambdaInvocations;

      expectError(await call(`${internal}/internal/orgs/${ada.orgId}`), 403, 'forbidden');
      expectError(
        await call(`${internal}/internal/orgs/${ada.orgId}`, { apiKey: `${stack.endpoints.platformApiKey}x` }),
        403,
        'forbidden',
      );
      expectError(
        await call(`${internal}/internal/users/${ada.userId}`, { apiKey: 'wrong-key-of-twenty-chars-or-more' }),
        403,
        'forbidden',
      );
      expect(stack.internalApi.stats.lambdaInvocations).toBe(before);
    });

    it('serves the org, the user and a plan change with the platform key', async () => {
      const ada = await signUpAndSync('ada');
      const apiKey = stack.endpoints.platformApiKey;

      const org = await call(`${internal}/internal/orgs/${ada.orgId}`, { apiKey });
      const user = await call(`${internal}/internal/users/${ada.userId}`, { apiKey });
      const plan = await call(`${internal}/internal/orgs/${ada.orgId}/plan`, {
        method: 'PUT',
        apiKey,
        json: { plan: 'pro' },
      });

      expect(org.status).toBe(200);
      expect(org.body).toMatchObject({ id: ada.orgId, memberCount: 1 });
      expect(user.status).toBe(200);
      expect(user.body).toMatchObject({ id: ada.userId, orgId: ada.orgId });
      expect(plan.status).toBe(200);
      expect((await call(`${api}/api/me`, { token: ada.token })).body).toMatchObject({ org: { plan: 'pro' } });
    });

    it('answers the deep health check with the platform key: database reachable, migrations current', async () => {
      const reply = await call(`${internal}/internal/health`, { apiKey: stack.endpoints.platformApiKey });

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ status: 'ok', database: 'ok', migrations: 'current', pending: [] });
      expectError(await call(`${internal}/internal/health`), 403, 'forbidden');
    });

    it('answers 404 with the envelope for an unknown org', async () => {
      expectError(
        await call(`${internal}/internal/orgs/${randomUUID()}`, { apiKey: stack.endpoints.platformApiKey }),
        404,
        'not_found',
      );
    });

    it('throttles a burst past the usage plan with 429 rate_limited, and those requests reach no Lambda', async () => {
      const ada = await signUpAndSync('ada');
      const before = stack.internalApi.stats.lambdaInvocations;
      // Burst 20, rate 10/s: 60 requests at once cannot all fit.
      const replies = await Promise.all(
        Array.from({ length: 60 }, () =>
          call(`${internal}/internal/orgs/${ada.orgId}`, { apiKey: stack.endpoints.platformApiKey }),
        ),
      );
      const throttled = replies.filter((r) => r.status === 429);
      const served = replies.filter((r) => r.status === 200);

      expect(throttled.length).toBeGreaterThan(0);
      expect(served.length + throttled.length).toBe(replies.length);
      for (const reply of throttled) expectError(reply, 429, 'rate_limited');
      expect(stack.internalApi.stats.lambdaInvocations - before).toBe(served.length);
    });
  });

  it('never serves an internal route on the public API, whatever the caller sends', async () => {
    const ada = await signUpAndSync('ada');
    const before = { ...stack.publicApi.stats };
    const paths = [`/internal/orgs/${ada.orgId}`, `/internal/users/${ada.userId}`, `/internal/orgs/${ada.orgId}/plan`];

    for (const path of paths) {
      for (const headers of [
        {},
        { apiKey: stack.endpoints.platformApiKey },
        { token: ada.token, apiKey: stack.endpoints.platformApiKey },
      ]) {
        const reply = await call(`${api}${path}`, {
          method: path.endsWith('/plan') ? 'PUT' : 'GET',
          ...headers,
          ...(path.endsWith('/plan') ? { json: { plan: 'enterprise' } } : {}),
        });
        // The public API has no such resource: API Gateway's MISSING_AUTHENTICATION_TOKEN, mapped to 404.
        expectError(reply, 404, 'not_found');
      }
    }

    expect(stack.publicApi.stats.lambdaInvocations).toBe(before.lambdaInvocations);
    // The PUT of plan 'enterprise' above changed nothing.
    expect((await call(`${api}/api/me`, { token: ada.token })).body).toMatchObject({ org: { plan: 'free' } });
  });

  it('answers unknown routes and methods with the 404 envelope, and the stage-prefixed URL too', async () => {
    const ada = await signUp('ada');
    expectError(await call(`${api}/nope`), 404, 'not_found');
    expectError(await call(`${api}/api/me`, { method: 'DELETE', token: ada.token }), 404, 'not_found');
    expectError(await call(`${api}/local/health`), 404, 'not_found');
  });
});
