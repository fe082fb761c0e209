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
