/** Small statistics helpers for benches that compare two things measured side by side. */

/**
 * The median of `values` (the mean of the two middle ones for an even count).
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Operations per second of `op` over a run of at least `minMs` milliseconds.
 *
 * @example
 * const perSecond = await opsPerSecond(() => handler(event), 500);
 */
export async function opsPerSecond(op: () => unknown, minMs: number): Promise<number> {
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 200; i += 1) await op();
    count += 200;
    elapsed = performance.now() - started;
  }
  return (count / elapsed) * 1000;
}

/** `1234567.8` → `1,234,568`. */
export const formatInt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Rates of two operations measured side by side, per wall-clock second and per CPU second. */
export interface SideBySideRates {
  wall: [number, number];
  cpu: [number, number];
}

/**
 * Operations per second of `a` and of `b`, measured in alternating small batches over the same
 * stretch of time, so that whatever else the machine does affects both alike. Each batch is timed
 * by the wall clock and by this process's CPU time (all its threads, the garbage collector's
 * included); on a busy machine the CPU figures are the steadier ones, since time the scheduler
 * gives to other processes is not counted.
 *
 * @example
 * const { cpu: [handlerRate, rawRate] } = await interleavedRates(() => handler(event), rawVerify, { durationMs: 5000 });
 */
export async function interleavedRates(
  a: () => unknown,
  b: () => unknown,
  { durationMs, batchSize = 100 }: { durationMs: number; batchSize?: number },
): Promise<SideBySideRates> {
  const ops = [a, b] as const;
  const wallMs = [0, 0];
  const cpuMs = [0, 0];
  let batches = 0;
  const deadline = performance.now() + durationMs;
  while (performance.now() < deadline) {
    // Alternate which goes first, so neither always runs right after the other's garbage.
    for (const side of batches % 2 === 0 ? [0, 1] : [1, 0]) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      for (let i = 0; i < batchSize; i += 1) await ops[side]!();
      const cpu = process.cpuUsage(cpuStarted);
      wallMs[side]! += performance.now() - started;
      cpuMs[side]! += (cpu.user + cpu.system) / 1000;
    }
    batches += 1;
  }
  const rate = (ms: number): number => (batches * batchSize * 1000) / ms;
  return { wall: [rate(wallMs[0]!), rate(wallMs[1]!)], cpu: [rate(cpuMs[0]!), rate(cpuMs[1]!)] };
}
