/**
 * The client against the real local stack with 6 s tokens: a new machine account's first call,
 * and 20 parallel calls at the moment of expiry. The expiry assertions read the order of events
 * on the wire (harness.ts): the refreshes sent before the batch's calls went out, so that a slow
 * machine (a batch outliving the next 80 % mark) cannot turn a correct client red.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { IntelloClient } from '../../../client';
import { PROJECT_ROOT } from '../../../lib/lambda-function';
import {
  newMachineAccount,
  signIn,
  START_TIMEOUT_MS,
  startClientStack,
  wireRecorder,
  type ClientStack,
  type Wire,
} from './harness';

const TTL_SECONDS = 6;
let stack: ClientStack;

beforeAll(async () => {
  stack = await startClientStack({ ttlSeconds: TTL_SECONDS });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
});

/** A client over a new machine account whose first call (and so its one sync) is behind it. */
async function syncedClient(): Promise<IntelloClient> {
  const client = await signIn(stack, await newMachineAccount(stack), wireRecorder(stack.endpoints.publicApiUrl));
  await client.me();
  return client;
}

describe('a new machine account', () => {
  it('gets its first call answered through one automatic sync', async () => {
    const wire = wireRecorder(stack.endpoints.publicApiUrl);
    const account = await newMachineAccount(stack);
    const client = await signIn(stack, account, wire);

    const me = await client.me();

    expect(me).toEqual({
      user: { id: client.userId, email: account.email, role: 'owner' },
      org: { id: expect.any(String), name: expect.any(String), plan: 'free' },
    });
    expect(client.stats).toMatchObject({ syncs: 1, requests: 3, retries: 0, tokenRejections: 0 });
    expect(wire.apiRequests).toBe(3);
  }, 60_000);

  it('is not synced again on the calls that follow', async () => {
    const client = await syncedClient();
    const spec = await client.specs.create({ name: 'Billing API', sourceUrl: 'https://example.com/openapi.json' });
    const page = await client.specs.list();
    const renamed = await client.specs.update(spec.id, { name: 'Billing API v2', sourceUrl: null });
    await client.specs.delete(spec.id);
    const gone = client.specs.get(spec.id);

    expect(page.items.map((s) => s.id)).toEqual([spec.id]);
    expect(renamed).toMatchObject({ id: spec.id, name: 'Billing API v2', sourceUrl: null, createdBy: client.userId });
    await expect(gone).rejects.toMatchObject({
      name: 'IntelloApiError',
      status: 404,
      code: 'not_found',
      message: 'spec not found',
      requestId: expect.any(String),
    });
    expect(client.stats.syncs).toBe(1);
  });

  it('surfaces the API validation error with its details', async () => {
    const client = await syncedClient();
    const call = client.specs.create({ name: '' });

    await expect(call).rejects.toMatchObject({
      status: 400,
      code: 'validation_failed',
      details: [{ field: 'body.name', message: 'must not be empty' }],
    });
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** From `from` on: the refreshes sent before the `calls`-th API request, and the tokens of those requests. */
function batch(wire: Wire, from: number, calls: number) {
  const tokens: string[] = [];
  let refreshes = 0;
  for (const event of wire.log.slice(from)) {
    if (tokens.length === calls) break;
    if (event.kind === 'refresh') refreshes += 1;
    else tokens.push(event.token);
  }
  return { refreshes, tokens };
}

describe('20 parallel requests at the moment of expiry', () => {
  it('share one refresh when the client sees the token run out', async () => {
    const wire = wireRecorder(stack.endpoints.publicApiUrl);
    const client = await signIn(stack, await newMachineAccount(stack), wire);
    await client.me();

    await sleep(Math.max(0, client.accessTokenExpiresAt!.getTime() - Date.now()));
    const from = wire.log.length;
    const results = await Promise.all(Array.from({ length: 20 }, () => client.me()));
    const sent = batch(wire, from, 20);

    expect(results.map((me) => me.user.id)).toEqual(Array(20).fill(client.userId));
    expect(sent.refreshes).toBe(1);
    expect(new Set(sent.tokens).size).toBe(1);
    expect(wire.sentExpired).toEqual([]);
    expect(client.stats).toMatchObject({ tokenRejections: 0, syncs: 1 });
  }, 60_000);

  it('share one refresh when the API rejects them all with token_expired', async () => {
    // The client's clock stands still, so it believes its token is fresh: only the API's
    // 401 token_expired can tell it otherwise, as with a machine whose clock runs late.
    const frozenAt = Date.now();
    const wire = wireRecorder(stack.endpoints.publicApiUrl);
    const client = await signIn(stack, await newMachineAccount(stack), wire, { runtime: { now: () => frozenAt } });
    await client.me();
    const oldToken = wire.log.at(-1)!;

    await sleep((TTL_SECONDS + 2) * 1000);
    const from = wire.log.length;
    const results = await Promise.all(Array.from({ length: 20 }, () => client.me()));
    const sent = batch(wire, from, 40);

    expect(results.map((me) => me.user.id)).toEqual(Array(20).fill(client.userId));
    expect(sent.refreshes).toBe(1);
    expect(sent.tokens.filter((t) => t === (oldToken.kind === 'api' ? oldToken.token : ''))).toHaveLength(20);
    expect(new Set(sent.tokens).size).toBe(2);
    expect(client.stats).toMatchObject({ refreshes: 1, tokenRejections: 20 });
  }, 60_000);
});

describe('examples/automation.ts', () => {
  it('runs its job against the stack through endpoints.json and prints what it does', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/automation.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        LOCAL_DIR: stack.localDir,
        JOB_SECONDS: '3',
        INTELLO_BOT_EMAIL: '',
        INTELLO_BOT_PASSWORD: '',
      },
    });

    expect(stdout).toMatch(/created machine account bot-\w+@example.com on the local auth emulator/);
    expect(stdout).toMatch(/POST \/auth\/sync → 201 \(user and org created\)/);
    expect(stdout).toMatch(/GET \/api\/me → owner of org ".+" \(free plan\)/);
    expect(stdout).toMatch(
      /round 1: created "nightly import 1 \w+", set sourceUrl https:\/\/example.com\/openapi-v1.json, org has 1 spec\(s\), deleted it/,
    );
    expect(stdout).toMatch(/GET \/api\/specs\/<unknown id> → 404 not_found: "spec not found" \(requestId [\w-]+\)/);
    expect(stdout).toMatch(/POST \/api\/org\/api-keys → key intello_sk_\w{4}… with specs:read, specs:write/);
    expect(stdout).toMatch(/\[key\] created "made with a key \w+", org has 1 spec\(s\), deleted it/);
    expect(stdout).toMatch(/\[key\] revoked; the next call → 401 unauthorized/);
    expect(stdout).toMatch(/POST \/api\/org\/api-keys → key intello_sk_\w{4}… with specs:read, specs:write/);
    expect(stdout).toMatch(/\[key\] created "made with a key \w+", org has 1 spec\(s\), deleted it/);
    expect(stdout).toMatch(/\[key\] revoked; the next call → 401 unauthorized/);
    expect(stdout).toMatch(
      /done: \d+ API requests, \d+ token refreshes, 1 sync, 0 retries, 0 token_expired answers; signed out/,
    );
  }, 60_000);
});
