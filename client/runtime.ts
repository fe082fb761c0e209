/**
 * The client's contact with the outside world, in one injectable object: time, waiting,
 * randomness (for jitter) and HTTP. Tests pass their own; everything else uses the system's.
 */

export interface ClientRuntime {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1), for jitter. */
  random(): number;
  /** Used for the Intello API and, through supabase-js, for Supabase Auth. */
  fetch: typeof fetch;
}

/**
 * The real clock, timers, `Math.random` and the global `fetch`.
 *
 * @example
 * const runtime = { ...systemRuntime(), fetch: countingFetch };
 */
export function systemRuntime(): ClientRuntime {
  return {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
    fetch: (input, init) => globalThis.fetch(input, init),
  };
}
