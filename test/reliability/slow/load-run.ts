/**
 * Drives a set of virtual users and the platform client against a running stack for a bounded
 * time, while a script of events (fault injection, JWKS outage, key rotation) runs at set
 * offsets, sampling the stack process's resident memory once a second.
 */
import { randomUUID } from 'node:crypto';
import { createHttpClient } from '../support/http-client';
import type { StackHandle } from './stack-control';
import { createTally, type Tally } from './tally';
import { platformStep, VirtualUser, type LoadTarget, type PhaseRules } from './virtual-user';

/** Something to do at `atMs` after the phase started. */
export interface ScriptedEvent {
  atMs: number;
  name: string;
  run: () => Promise<void>;
}

export interface PhaseOptions {
  name: string;
  durationMs: number;
  connections: number;
  rules: () => PhaseRules;
  events?: ScriptedEvent[];
  /** The platform client's pace, requests per second (the internal usage plan allows 10). */
  platformRps?: number;
}

export interface PhaseResult {
  name: string;
  durationMs: number;
  connections: number;
  tally: Tally;
  /** `[ms since the phase started, RSS bytes]`, once a second. */
  rss: [number, number][];
  events: { atMs: number; name: string; error?: string }[];
}

export interface LoadWorld {
  stack: StackHandle;
  users: VirtualUser[];
  target: Omit<LoadTarget, 'tally' | 'rules' | 'client'>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates `count` users with tokens, plus the bad tokens the mix sends.
 *
 * @example
 * const world = await prepareWorld(stack, 64);
 */
export async function prepareWorld(stack: StackHandle, count: number): Promise<LoadWorld> {
  const users: VirtualUser[] = [];
  for (let i = 0; i < count; i++) {
    const userId = randomUUID();
    const token = await stack.control<string>({ op: 'sign', claims: { sub: userId, email: `load-${i}@example.com` } });
    users.push(new VirtualUser(i, userId, token));
  }
  const now = Math.floor(Date.now() / 1000);
  const expired = await stack.control<string>({ op: 'sign', claims: { exp: now - 3600, iat: now - 7200 } });
  const wrongAudience = await stack.control<string>({ op: 'sign', claims: { aud: 'anon' } });
  const wrongIssuer = await stack.control<string>({
    op: 'sign',
    claims: { iss: 'https://attacker.example.com/auth/v1' },
  });
  const unsyncedToken = await stack.control<string>({ op: 'sign', claims: {} });
  const [header, payload] = users[0]!.token.split('.');
  const badTokens = [
    ['not-a-jwt', 'unauthorized'],
    [`${header}.${payload}.${'A'.repeat(86)}`, 'unauthorized'],
    [expired, 'token_expired'],
    [wrongAudience, 'unauthorized'],
    [wrongIssuer, 'unauthorized'],
  ] as const;
  return {
    stack,
    users,
    target: {
      publicApiUrl: stack.endpoints.publicApiUrl,
      internalApiUrl: stack.endpoints.internalApiUrl,
      platformApiKey: stack.endpoints.platformApiKey,
      badTokens,
      unsyncedToken,
      foreignSpecId: (self) => {
        const other = users[(self.index + 1 + Math.floor(Math.random() * (users.length - 1))) % users.length]!;
        const ids = [...other.specs.keys()];
        return ids.length ? ids[Math.floor(Math.random() * ids.length)] : undefined;
      },
    },
  };
}

/**
 * Runs one phase: every user loops step after step until the phase ends.
 *
 * @example
 * const result = await runPhase(world, { name: 'load', durationMs: 60_000, connections: 64, rules: () => ({ databaseFaults: false }) });
 */
export async function runPhase(world: LoadWorld, options: PhaseOptions): Promise<PhaseResult> {
  const tally = createTally();
  const client = createHttpClient({ connections: options.connections + 2, timeoutMs: 60_000 });
  const target: LoadTarget = { ...world.target, client, tally, rules: options.rules };
  const started = Date.now();
  const deadline = started + options.durationMs;
  const rss: [number, number][] = [];
  const events: PhaseResult['events'] = [];

  const sampler = (async () => {
    while (Date.now() < deadline) {
      rss.push([Date.now() - started, await world.stack.control<number>({ op: 'rss' })]);
      await sleep(1000);
    }
  })();
  const script = (async () => {
    for (const event of [...(options.events ?? [])].sort((a, b) => a.atMs - b.atMs)) {
      await sleep(Math.max(0, started + event.atMs - Date.now()));
      if (Date.now() >= deadline) break;
      try {
        await event.run();
        events.push({ atMs: Date.now() - started, name: event.name });
      } catch (error) {
        events.push({
          atMs: Date.now() - started,
          name: event.name,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  })();
  const platform = (async () => {
    const interval = 1000 / (options.platformRps ?? 4);
    while (Date.now() < deadline) {
      const next = Date.now() + interval;
      await platformStep(target, world.users);
      await sleep(Math.max(0, next - Date.now()));
    }
  })();
  const users = world.users.slice(0, options.connections).map(async (user) => {
    if (!(await user.sync(target, deadline))) return;
    while (Date.now() < deadline) await user.step(target);
  });
  await Promise.all([...users, platform, script, sampler]);
  client.close();
  return { name: options.name, durationMs: Date.now() - started, connections: options.connections, tally, rss, events };
}
