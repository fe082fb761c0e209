/**
 * 20 parallel calls at the moment the token expires. The assertions read the order of events on
 * the wire (harness.ts): the count of refreshes sent before the batch's calls went out, so that
 * a slow machine (a batch outliving the next 80 % mark) cannot turn a correct client red.
 */
import { newMachineAccount, signIn, START_TIMEOUT_MS, startClientStack, wireRecorder, type ClientStack, type Wire } from './harness';

const TTL_SECONDS = 6;
let stack: ClientStack;

beforeAll(async () => {
  stack = await startClientStack({ ttlSeconds: TTL_SECONDS });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
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

    await sleep(Math.max(0, client.accessTokenExpiresAt.getTime() - Date.now()));
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
