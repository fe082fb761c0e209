/**
 * Runs one of the local emulators' commands (`local/<name>/main.ts`) as a child process on the
 * test's Node, as a developer would, for the CLI tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface RunningCli {
  child: ChildProcess;
  /** The JSON ready line the command prints first. */
  ready: Record<string, any>;
  /** Sends SIGTERM and resolves with how the process ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `script` with `args` and waits for its ready line.
 *
 * @example
 * const cli = await startCli('local/auth/main.ts', ['--port', '0', '--in-memory']);
 * await fetch(cli.ready.url);
 * expect(await cli.stop()).toEqual({ code: 0, signal: null });
 */
export async function startCli(script: string, args: string[], env: Record<string, string> = {}): Promise<RunningCli> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return {
    child,
    ready: JSON.parse(line) as Record<string, any>,
    async stop() {
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      return { code, signal };
    },
  };
}

/** Runs `script` with a bad command line; resolves with its exit code and standard error. */
export async function runCliExpectingFailure(
  script: string,
  args: string[],
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}
