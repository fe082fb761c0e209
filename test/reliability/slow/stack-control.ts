/**
 * Starts `stack-process.ts` as a child process and drives it over IPC: the load runner's handle
 * on the stack under test.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LocalEndpoints } from '../../../local/stack';
import type { FaultSpec } from '../../../local/data-api/server';

/** What the runner can ask the stack process. */
export type ControlRequest =
  | { op: 'rss' }
  | { op: 'inject'; fault: FaultSpec }
  | { op: 'clear-faults' }
  | { op: 'jwks'; available: boolean }
  | { op: 'rotate' }
  | { op: 'sign'; claims: Record<string, unknown> }
  | { op: 'flush-authorizer-cache' }
  | { op: 'stats' }
  | { op: 'stop' };

export interface StackHandle {
  endpoints: LocalEndpoints;
  /** What the stack runs on, e.g. `embedded PostgreSQL 17 on 127.0.0.1:41234 (…)`. */
  database: string;
  databaseUrl: string;
  pid: number;
  control<T = unknown>(request: ControlRequest): Promise<T>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10 * 60_000;
const CONTROL_TIMEOUT_MS = 30_000;

/**
 * @example
 * const stack = await startStackProcess();
 * const rss = await stack.control<number>({ op: 'rss' });
 * await stack.stop();
 */
export async function startStackProcess(): Promise<StackHandle> {
  const entry = fileURLToPath(new URL('./stack-process.ts', import.meta.url));
  const child: ChildProcess = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const ready = await new Promise<{
    endpoints: LocalEndpoints;
    database: string;
    databaseUrl: string;
  }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the stack process did not start within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    child.on(
      'message',
      (
        message: { type: string; id?: number; value?: unknown; error?: string; message?: string } & Record<
          string,
          unknown
        >,
      ) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message as never);
        } else if (message.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`the stack process failed to start: ${message.message}`));
        } else if (message.type === 'reply' && message.id !== undefined) {
          const waiter = pending.get(message.id);
          pending.delete(message.id);
          if (message.error !== undefined) waiter?.reject(new Error(message.error));
          else waiter?.resolve(message.value);
        }
      },
    );
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stack process exited with ${code}`));
      for (const waiter of pending.values()) waiter.reject(new Error(`the stack process exited with ${code}`));
    });
  });
  const control = <T>(request: ControlRequest): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`no answer to ${request.op} within ${CONTROL_TIMEOUT_MS / 1000} s`));
      }, CONTROL_TIMEOUT_MS);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ id, request });
    });
  return {
    ...ready,
    pid: child.pid!,
    control,
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await control({ op: 'stop' }).catch(() => child.kill());
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
