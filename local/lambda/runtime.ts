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
import { Worker } from 'node:worker_threads';

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

interface Environment {
  worker: Worker;
  ready: Promise<{ ok: true } | { ok: false; errorType: string; errorMessage: string; kind: InvokeErrorKind }>;
  busy: boolean;
  warm: boolean;
  pending: Map<number, (result: InvokeResult) => void>;
  dead: boolean;
}

interface FunctionState {
  definition: LocalFunctionDefinition;
  environments: Environment[];
  waiting: (() => void)[];
  stats: FunctionStats;
}

const WORKER_URL = new URL('./worker.mjs', import.meta.url);

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

  function discard(state: FunctionState, env: Environment, result: InvokeResult & { ok: false }): void {
    if (env.dead) return;
    env.dead = true;
    state.environments = state.environments.filter((candidate) => candidate !== env);
    for (const resolve of env.pending.values()) resolve(result);
    env.pending.clear();
    void env.worker.terminate();
    state.waiting.shift()?.();
  }

  function spawn(state: FunctionState): Environment {
    const { definition } = state;
    const worker = new Worker(WORKER_URL, {
      workerData: {
        assetDir: definition.assetDir,
        handler: definition.handler,
        functionName: definition.name,
        functionArn: definition.arn,
        memoryMb: definition.memoryMb ?? 128,
      },
      env: lambdaEnvironment(definition, region),
      resourceLimits: { maxOldGenerationSizeMb: Math.max(definition.memoryMb ?? 128, 64) },
    });
    const env: Environment = {
      worker,
      busy: false,
      warm: false,
      pending: new Map(),
      dead: false,
      ready: Promise.resolve({ ok: true }),
    };
    env.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        const failure = {
          ok: false as const,
          kind: 'init-error' as const,
          errorType: 'Sandbox.Timedout',
          errorMessage: `Init phase exceeded ${initTimeoutMs} ms`,
        };
        resolve(failure);
        discard(state, env, { ...failure, coldStart: true });
      }, initTimeoutMs);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve({ ok: true });
        } else if (message.type === 'init-error') {
          clearTimeout(timer);
          resolve({ ok: false, kind: 'init-error', errorType: message.errorType, errorMessage: message.errorMessage });
        } else if (message.type === 'result') {
          const settle = env.pending.get(message.id);
          env.pending.delete(message.id);
          settle?.(
            message.ok
              ? { ok: true, payload: JSON.parse(message.payload), coldStart: false }
              : {
                  ok: false,
                  kind: 'function-error',
                  errorType: message.errorType,
                  errorMessage: message.errorMessage,
                  coldStart: false,
                },
          );
        }
      });
      const crashed = (errorMessage: string) => {
        clearTimeout(timer);
        const failure = { ok: false as const, kind: 'crash' as const, errorType: 'Runtime.ExitError', errorMessage };
        resolve(failure);
        if (!env.dead) state.stats.crashes += env.pending.size;
        discard(state, env, { ...failure, coldStart: false });
      };
      worker.on('error', (error) => crashed(`RequestId: crashed: ${error.message}`));
      worker.on('exit', (code) => crashed(`Runtime exited with error: exit status ${code}`));
    });
    state.environments.push(env);
    return env;
  }

  async function acquire(state: FunctionState): Promise<{ env: Environment; coldStart: boolean }> {
    for (;;) {
      const idle = state.environments.filter((env) => !env.busy && !env.dead).at(-1);
      if (idle !== undefined) {
        idle.busy = true;
        return { env: idle, coldStart: false };
      }
      if (state.environments.length < maxEnvironments) {
        const env = spawn(state);
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
      const { env, coldStart } = await acquire(state);
      const ready = await env.ready;
      if (!ready.ok) {
        state.stats.errors += 1;
        discard(state, env, { ...ready, coldStart });
        release(state, env);
        return { ...ready, coldStart };
      }
      const timeoutMs = state.definition.timeoutSeconds * 1000;
      const id = nextId++;
      const result = await new Promise<InvokeResult>((resolve) => {
        const timer = setTimeout(() => {
          state.stats.timeouts += 1;
          discard(state, env, {
            ok: false,
            kind: 'timeout',
            errorType: 'Sandbox.Timedout',
            errorMessage: `Task timed out after ${state.definition.timeoutSeconds.toFixed(2)} seconds`,
            coldStart,
          });
        }, timeoutMs);
        env.pending.set(id, (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        });
        env.worker.postMessage({
          type: 'invoke',
          id,
          event,
          requestId: invokeOptions.requestId ?? randomUUID(),
          deadline: Date.now() + timeoutMs,
        });
      });
      if (!result.ok && result.kind === 'function-error') state.stats.errors += 1;
      release(state, env);
      return { ...result, coldStart };
    },
    async close() {
      const all = [...states.values()].flatMap((state) => state.environments.map((env) => ({ state, env })));
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
    },
  };
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; errorType: string; errorMessage: string }
  | { type: 'result'; id: number; ok: true; payload: string }
  | { type: 'result'; id: number; ok: false; errorType: string; errorMessage: string };

/** What Lambda puts in every function's environment, under the function's own variables. */
function lambdaEnvironment(definition: LocalFunctionDefinition, region: string): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: definition.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memoryMb ?? 128),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${definition.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'local/[$LATEST]0',
    LAMBDA_TASK_ROOT: definition.assetDir,
    // Static local credentials so SDK clients sign requests to local endpoints instead of probing IMDS.
    AWS_ACCESS_KEY_ID: 'LOCALSTACKACCESSKEY',
    AWS_SECRET_ACCESS_KEY: 'local-secret-access-key',
    AWS_SESSION_TOKEN: 'local-session-token',
    ...definition.environment,
  };
}
