/**
 * One execution environment of a local Lambda function: a worker thread with the function's own
 * `process.env`, its init phase under a time limit, and the messages that settle its calls. An
 * environment that times out or crashes is discarded: every call still pending on it fails, and
 * the next call waiting for an environment is let on.
 */
import { Worker } from 'node:worker_threads';
import type { FunctionStats, InvokeErrorKind, InvokeResult, LocalFunctionDefinition } from './runtime';

export interface Environment {
  worker: Worker;
  ready: Promise<{ ok: true } | { ok: false; errorType: string; errorMessage: string; kind: InvokeErrorKind }>;
  busy: boolean;
  warm: boolean;
  pending: Map<number, (result: InvokeResult) => void>;
  dead: boolean;
}

/** A function's environments, the calls waiting for one, and its counters. */
export interface FunctionState {
  definition: LocalFunctionDefinition;
  environments: Environment[];
  waiting: (() => void)[];
  stats: FunctionStats;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; errorType: string; errorMessage: string }
  | { type: 'result'; id: number; ok: true; payload: string }
  | { type: 'result'; id: number; ok: false; errorType: string; errorMessage: string };

type Readiness = Awaited<Environment['ready']>;

const WORKER_URL = new URL('./worker.mjs', import.meta.url);

/** Ends `env`, failing its pending calls with `result`, and lets the next waiting call on. */
export function discard(state: FunctionState, env: Environment, result: InvokeResult & { ok: false }): void {
  if (env.dead) return;
  env.dead = true;
  state.environments = state.environments.filter((candidate) => candidate !== env);
  for (const resolve of env.pending.values()) resolve(result);
  env.pending.clear();
  void env.worker.terminate();
  state.waiting.shift()?.();
}

/** Starts a new environment of the function (a cold start); its `ready` settles when init ends. */
export function spawn(state: FunctionState, region: string, initTimeoutMs: number): Environment {
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
  env.ready = new Promise((resolve) => watch(state, env, initTimeoutMs, resolve));
  state.environments.push(env);
  return env;
}

function watch(
  state: FunctionState,
  env: Environment,
  initTimeoutMs: number,
  resolve: (readiness: Readiness) => void,
): void {
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
  env.worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'ready') {
      clearTimeout(timer);
      resolve({ ok: true });
    } else if (message.type === 'init-error') {
      clearTimeout(timer);
      resolve({ ok: false, kind: 'init-error', errorType: message.errorType, errorMessage: message.errorMessage });
    } else if (message.type === 'result') {
      settle(env, message);
    }
  });
  const crashed = (errorMessage: string) => {
    clearTimeout(timer);
    const failure = { ok: false as const, kind: 'crash' as const, errorType: 'Runtime.ExitError', errorMessage };
    resolve(failure);
    if (!env.dead) state.stats.crashes += env.pending.size;
    discard(state, env, { ...failure, coldStart: false });
  };
  env.worker.on('error', (error) => crashed(`RequestId: crashed: ${error.message}`));
  env.worker.on('exit', (code) => crashed(`Runtime exited with error: exit status ${code}`));
}

function settle(env: Environment, message: WorkerMessage & { type: 'result' }): void {
  const resolve = env.pending.get(message.id);
  env.pending.delete(message.id);
  resolve?.(
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
