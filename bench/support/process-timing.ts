/** Timing of fresh Node processes, for cold-start benches. */
import { spawn } from 'node:child_process';

export interface ProcessTiming {
  /** Wall clock from spawn to exit, as a caller waiting for the process sees it. */
  wallMs: number;
  /** CPU time (user + system) the process reported just before exiting; unlike wall time it
   * barely moves when other work shares the machine. */
  cpuMs: number;
  /** What the process wrote to stderr (where the scripts report). */
  stderr: string;
}

/**
 * Times `node {args}` (the same Node binary as this process). The script must end with
 * `reportCpuAndExit()` of `cpu-report.mjs`; a non-zero exit rejects, so a broken run is never
 * timed as a fast one.
 *
 * @example
 * const { wallMs, cpuMs } = await timeNodeProcess(['bench/support/noop.mjs']);
 */
export function timeNodeProcess(args: string[], env: Record<string, string> = {}): Promise<ProcessTiming> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const cpu = /cpu-us=(\d+)/.exec(stderr);
      if (code === 0 && cpu) resolve({ wallMs, cpuMs: Number(cpu[1]) / 1000, stderr });
      else reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.slice(0, 500)}`));
    });
  });
}
