/**
 * Retry options for tests: a virtual clock that `sleep` advances instead of waiting, so a
 * 45-second retry budget is spent in microseconds and the number of attempts is deterministic.
 */
import type { RetryOptions } from '../../lambdas/shared/data-api/retry';

export function virtualRetryClock(budgetMs = 45_000): RetryOptions & { slept: () => number } {
  let now = 0;
  return {
    budgetMs,
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    random: () => 0.5,
    slept: () => now,
  };
}
