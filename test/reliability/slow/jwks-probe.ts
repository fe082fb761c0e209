/**
 * The JWKS and key-rotation scenario, run while the load continues: the issuer's JWKS stops
 * answering, the key rotates during the outage, the JWKS comes back, and the key rotates again.
 * Each probe is one request with a token chosen for what it proves.
 */
import type { HttpClient } from '../support/http-client';
import { errorCode, universalProblems } from '../support/response-checks';
import { classOf } from './tally';
import type { StackHandle } from './stack-control';
import type { VirtualUser } from './virtual-user';

export interface JwksReport {
  /** Requests with tokens whose kid the authorizer has cached, sent while the JWKS was down, by class. */
  cachedKidDuringOutage: Record<string, number>;
  /** The one token with the new kid, sent repeatedly during the outage, by class. */
  newKidDuringOutage: Record<string, number>;
  /** Seconds from the JWKS coming back to that same token's first 200, and the answers meanwhile. */
  recovery: { seconds: number | undefined; answers: Record<string, number> };
  /** Seconds from a rotation (JWKS up) to the first 200 of a fresh token with the new kid, and the answers meanwhile. */
  rotation: { seconds: number | undefined; answers: Record<string, number> };
  /** Probes the stage throttle answered 429 and that were sent again. */
  throttledProbes: number;
  problems: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const count = (into: Record<string, number>, klass: string) => void (into[klass] = (into[klass] ?? 0) + 1);

/**
 * @example
 * const report = await runJwksScenario(stack, client, users, { outageMs: 10_000 });
 */
export async function runJwksScenario(
  stack: StackHandle,
  client: HttpClient,
  users: readonly VirtualUser[],
  { outageMs, boundMs = 60_000 }: { outageMs: number; boundMs?: number },
): Promise<JwksReport> {
  const report: JwksReport = {
    cachedKidDuringOutage: {},
    newKidDuringOutage: {},
    recovery: { seconds: undefined, answers: {} },
    rotation: { seconds: undefined, answers: {} },
    throttledProbes: 0,
    problems: [],
  };
  const synced = users.filter((user) => user.orgId);
  if (synced.length === 0) throw new Error('the JWKS scenario needs synced users');
  // The load keeps the public API at its stage throttle: a throttled probe says nothing about
  // the JWKS, so it is sent again (bounded) until the gateway lets it through.
  const me = async (token: string) => {
    for (let attempt = 1; ; attempt++) {
      const answer = await client.send({
        method: 'GET',
        url: `${stack.endpoints.publicApiUrl}/api/me`,
        headers: { authorization: `Bearer ${token}` },
      });
      report.problems.push(...universalProblems(answer));
      if (answer.status !== 429 || attempt === 50) return answer;
      report.throttledProbes += 1;
      await sleep(50 + Math.random() * 100);
    }
  };
  const freshToken = (user: VirtualUser) =>
    stack.control<string>({ op: 'sign', claims: { sub: user.userId, email: `load-${user.index}@example.com` } });

  // Tokens no one has sent yet, signed with the key in use before the rotation: each one is a
  // gateway cache miss, so the authorizer verifies it against its own cached key.
  const oldKidTokens: string[] = [];
  for (let i = 0; i < Math.ceil(outageMs / 500) + 5; i++)
    oldKidTokens.push(await freshToken(synced[i % synced.length]!));
  // The gateway's authorizer cache would answer for the old tokens without asking the authorizer:
  // flush it, so every cached-kid request below is verified against the authorizer's key cache.
  await stack.control({ op: 'flush-authorizer-cache' });
  await stack.control({ op: 'jwks', available: false });
  const outageEnds = Date.now() + outageMs;
  await stack.control({ op: 'rotate' });
  const newKidUser = synced[0]!;
  const newKidToken = await freshToken(newKidUser);
  let round = 0;
  while (Date.now() < outageEnds) {
    const cached = await me(oldKidTokens[round++ % oldKidTokens.length]!);
    count(report.cachedKidDuringOutage, classOf(cached));
    if (cached.status !== 200)
      report.problems.push(
        `a token whose kid is cached answered ${cached.status} ${errorCode(cached)} during the JWKS outage`,
      );
    const fresh = await me(newKidToken);
    count(report.newKidDuringOutage, classOf(fresh));
    if (!(fresh.status === 503 && errorCode(fresh) === 'service_unavailable'))
      report.problems.push(
        `the new kid answered ${fresh.status} ${errorCode(fresh)} during the JWKS outage, expected 503 service_unavailable`,
      );
    await sleep(500);
  }

  await stack.control({ op: 'jwks', available: true });
  const upAt = Date.now();
  while (Date.now() - upAt < boundMs) {
    const answer = await me(newKidToken);
    count(report.recovery.answers, classOf(answer));
    if (answer.status === 200) {
      report.recovery.seconds = (Date.now() - upAt) / 1000;
      break;
    }
    if (answer.status === 401)
      report.problems.push('the new kid answered 401 after the JWKS came back: a Deny the gateway now caches');
    await sleep(500);
  }
  if (report.recovery.seconds === undefined)
    report.problems.push(`the new kid was not accepted within ${boundMs / 1000} s of the JWKS coming back`);

  // Rotation with the JWKS up: the previous fetches of every authorizer environment are at
  // least the fetch interval (10 s) old before the new kid shows up.
  await sleep(11_000);
  await stack.control({ op: 'rotate' });
  const rotatedAt = Date.now();
  while (Date.now() - rotatedAt < boundMs) {
    const answer = await me(await freshToken(newKidUser));
    count(report.rotation.answers, classOf(answer));
    if (answer.status === 200) {
      report.rotation.seconds = (Date.now() - rotatedAt) / 1000;
      break;
    }
    await sleep(500);
  }
  if (report.rotation.seconds === undefined)
    report.problems.push(`no token with the rotated key was accepted within ${boundMs / 1000} s`);
  return report;
}
