/**
 * When a failed Data API call may be sent again. Aurora Serverless v2 with auto-pause answers
 * `DatabaseResumingException` while it wakes (about 15 s); the SDK does not retry it, so we do,
 * with capped, jittered backoff inside a time budget. The statement never reached the database,
 * so any statement may be retried. Throttling and 5xx answers leave it unknown whether the
 * statement ran, so only statements that are safe to repeat are retried after them. The SDK's
 * own retries are switched off (`maxAttempts: 1`) so this policy is the only one.
 */

/** How a failure may be handled. */
export type FailureKind = 'resuming' | 'transient' | 'fatal';

/** Tunables; tests inject `sleep`, `now` and `random` so no test waits on a real clock. */
export interface RetryOptions {
  /** Total time allowed for retrying, from the first attempt. Default 45 000 ms. */
  budgetMs?: number;
  /** First backoff step. Default 250 ms. */
  baseDelayMs?: number;
  /** Largest single wait. Default 5 000 ms. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** A number in [0, 1). */
  random?: () => number;
}

/** Thrown when a retryable failure outlived the budget; `cause` is the last failure. */
export class RetriesExhaustedError extends Error {
  readonly attempts: number;
  constructor(attempts: number, cause: unknown) {
    super(`gave up after ${attempts} attempts`, { cause });
    this.name = 'RetriesExhaustedError';
    this.attempts = attempts;
  }
}

const THROTTLING = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ThrottledException',
  'RequestLimitExceeded',
]);
const SERVER_FAULTS = new Set([
  'InternalServerErrorException',
  'ServiceUnavailableError',
  'ServiceUnavailableException',
  'DatabaseUnavailableException',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

function statusOf(error: object): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return metadata?.httpStatusCode;
}

/**
 * Sorts a failure: `resuming` (retry any statement), `transient` (retry only a statement that is
 * safe to repeat), `fatal` (never retry).
 */
export function classifyFailure(error: unknown): FailureKind {
  if (typeof error !== 'object' || error === null) return 'fatal';
  const name = (error as { name?: unknown }).name;
  if (name === 'DatabaseResumingException') return 'resuming';
  if (typeof name === 'string' && (THROTTLING.has(name) || SERVER_FAULTS.has(name))) return 'transient';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'transient';
  if (name === 'TimeoutError') return 'transient';
  const status = statusOf(error);
  if (status !== undefined && status >= 500) return 'transient';
  return 'fatal';
}

/** The wait before retry number `attempt` (1-based): half the capped exponential step, plus jitter up to the other half. */
export function backoffDelay(
  attempt: number,
  options: Required<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>>,
): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + options.random() * (step / 2));
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, retrying as the policy allows. Throws the failure itself when it is not retried,
 * or {@link RetriesExhaustedError} when retrying ran out of budget.
 */
export async function withRetries<T>(
  call: () => Promise<T>,
  { idempotent }: { idempotent: boolean },
  options: RetryOptions = {},
): Promise<T> {
  const budgetMs = options.budgetMs ?? 45_000;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const delays = {
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 5_000,
    random: options.random ?? Math.random,
  };
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const kind = classifyFailure(error);
      if (kind === 'fatal' || (kind === 'transient' && !idempotent)) throw error;
      const delay = backoffDelay(attempt, delays);
      if (now() - started + delay > budgetMs) throw new RetriesExhaustedError(attempt, error);
      await sleep(delay);
    }
  }
}
