/**
 * Runs Lambda functions locally, each execution environment in its own worker thread with its
 * own `process.env`. The first call of an environment is a cold start (the module is imported);
 * later calls reuse it and its module state. Concurrent calls get more environments, up to
 * `maxEnvironments` per function, then queue — as Lambda scales out rather than interleaving
 * invocations in one environment.
 *
 * The function's timeout is enforced by terminating the worker: the call fails with
 * `Sandbox.Timedout` and the next call is a cold start. A crash (an uncaught error outside the
 * handler's promise, `process.exit`) discards the environment the same way. Nothing a function
 * does can take the emulator down.
 */
import { randomUUID } from 'node:crypto';
import { discard, type Environment, type FunctionState, spawn } from './environment';

/** A function to run: where its bundle is and how Lambda would configure it. */
export interface LocalFunctionDefinition {
  name: string;
  assetDir: string;
  /** `index.handler`: file `index.{mjs,js,cjs}` in `assetDir`, export `handler`. */
  handler: string;
  /** The function's variables (template values with local overrides already applied). */
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb?: number;
  arn?: string;
}

export type InvokeErrorKind = 'function-error' | 'timeout' | 'crash' | 'init-error' | 'not-found';

export type InvokeResult =
  | { ok: true; payload: unknown; coldStart: boolean }
  | { ok: false; kind: InvokeErrorKind; errorType: string; errorMessage: string; coldStart: boolean };

export interface FunctionStats {
  invocations: number;
  coldStarts: number;
  errors: number;
  timeouts: number;
  crashes: number;
}

/** The runtime the gateway invokes functions through. */
export interface LambdaRuntime {
  /** Invokes `name` with `event`; never rejects — failures come back as `{ ok: false }`. */
  invoke(name: string, event: unknown, options?: { requestId?: string }): Promise<InvokeResult>;
  has(name: string): boolean;
  stats(name: string): FunctionStats;
  /** Terminates every environment. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  region?: string;
  /** Environments per function (default 4). */
  maxEnvironments?: number;
  /** The init phase limit (Lambda: 10 s). */
  initTimeoutMs?: number;
}

/**
 * Creates a runtime for a set of functions.
 *
 * @example
 * const lambdas = createLambdaRuntime([{ name: 'me', assetDir: 'cdk.out/asset.abc', handler: 'index.handler', environment: {}, timeoutSeconds: 3 }]);
 * const result = await lambdas.invoke('me', event); // { ok: true, payload: { statusCode: 200, ... }, coldStart: true }
 */
export function createLambdaRuntime(functions: LocalFunctionDefinition[], options: RuntimeOptions = {}): LambdaRuntime {
  const region = options.region ?? 'us-east-1';
  const maxEnvironments = options.maxEnvironments ?? 4;
  const initTimeoutMs = options.initTimeoutMs ?? 10_000;
  const states = new Map<string, FunctionState>(
    functions.map((definition) => [
      definition.name,
      {
        definition,
        environments: [],
        waiting: [],
        stats: { invocations: 0, coldStarts: 0, errors: 0, timeouts: 0, crashes: 0 },
      },
    ]),
  );
  let nextId = 1;

  return {
    has: (name) => states.has(name),
    stats(name) {
      const state = states.get(name);
      return state ? { ...state.stats } : { invocations: 0, coldStarts: 0, errors: 0, timeouts: 0, crashes: 0 };
    },
    async invoke(name, event, invokeOptions = {}) {
      const state = states.get(name);
      if (state === undefined)
        return {
          ok: false,
          kind: 'not-found',
          errorType: 'ResourceNotFoundException',
          errorMessage: `Function not found: ${name}`,
          coldStart: false,
        };
      state.stats.invocations += 1;
      const { env, coldStart } = await acquire(state, maxEnvironments, () => spawn(state, region, initTimeoutMs));
      const ready = await env.ready;
      if (!ready.ok) {
        state.stats.errors += 1;
        discard(state, env, { ...ready, coldStart });
        release(state, env);
        return { ...ready, coldStart };
      }
      const result = await run(state, env, coldStart, { id: nextId++, event, requestId: invokeOptions.requestId });
      if (!result.ok && result.kind === 'function-error') state.stats.errors += 1;
      release(state, env);
      return { ...result, coldStart };
    },
    close: () => closeAll([...states.values()]),
  };
}

/** An idle environment of the function, else a new one while under `maxEnvironments`, else the next freed. */
async function acquire(
  state: FunctionState,
  maxEnvironments: number,
  spawnOne: () => Environment,
): Promise<{ env: Environment; coldStart: boolean }> {
  for (;;) {
    const idle = state.environments.filter((env) => !env.busy && !env.dead).at(-1);
    if (idle !== undefined) {
      idle.busy = true;
      return { env: idle, coldStart: false };
    }
    if (state.environments.length < maxEnvironments) {
      const env = spawnOne();
      env.busy = true;
      state.stats.coldStarts += 1;
      return { env, coldStart: true };
    }
    await new Promise<void>((resolve) => state.waiting.push(resolve));
  }
}

function release(state: FunctionState, env: Environment): void {
  env.busy = false;
  state.waiting.shift()?.();
}

/** One call in a ready environment, under the function's timeout. */
function run(
  state: FunctionState,
  env: Environment,
  coldStart: boolean,
  call: { id: number; event: unknown; requestId: string | undefined },
): Promise<InvokeResult> {
  const { timeoutSeconds } = state.definition;
  const timeoutMs = timeoutSeconds * 1000;
  return new Promise<InvokeResult>((resolve) => {
    const timer = setTimeout(() => {
      state.stats.timeouts += 1;
      discard(state, env, {
        ok: false,
        kind: 'timeout',
        errorType: 'Sandbox.Timedout',
        errorMessage: `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
        coldStart,
      });
    }, timeoutMs);
    env.pending.set(call.id, (outcome) => {
      clearTimeout(timer);
      resolve(outcome);
    });
    env.worker.postMessage({
      type: 'invoke',
      id: call.id,
      event: call.event,
      requestId: call.requestId ?? randomUUID(),
      deadline: Date.now() + timeoutMs,
    });
  });
}

async function closeAll(states: FunctionState[]): Promise<void> {
  const all = states.flatMap((state) => state.environments.map((env) => ({ state, env })));
  for (const { state, env } of all) {
    env.dead = true;
    state.environments = [];
    for (const resolve of env.pending.values())
      resolve({
        ok: false,
        kind: 'crash',
        errorType: 'Runtime.ExitError',
        errorMessage: 'runtime closed',
        coldStart: false,
      });
  }
  await Promise.all(all.map(({ env }) => env.worker.terminate()));
}
