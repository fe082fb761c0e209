/** Wall-clock timing of fresh Node processes, for cold-start benches. */
import { spawn } from 'node:child_process';

/**
 * Milliseconds from spawning `node {args}` (the same Node binary as this process) to its exit;
 * rejects if it exits with a non-zero code, so a broken run is never timed as a fast one.
 *
 * @example
 * const ms = await timeNodeProcess(['bench/support/noop.mjs']);
 */
export function timeNodeProcess(args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`node ${args.join(' ')} exited with ${code}`));
    });
  });
}
