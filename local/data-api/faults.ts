/**
 * Fault injection for tests: make the next calls fail the way Aurora and the Data API fail
 * (auto-pause resume, throttling, 5xx), without touching the database.
 */
import { DataApiError } from './errors';

/** The errors a test can make the emulator answer with. */
export const INJECTABLE_ERRORS = [
  'DatabaseResumingException',
  'ThrottlingException',
  'ServiceUnavailableError',
  'InternalServerErrorException',
  'DatabaseUnavailableException',
] as const;

export type InjectableError = (typeof INJECTABLE_ERRORS)[number];

/** Fail the next `count` calls (default 1), or every call for `forMs`; with both, whichever ends first. */
export interface FaultSpec {
  error: InjectableError;
  count?: number;
  forMs?: number;
}

/** The in-process control of injected faults (also driven by `POST/DELETE /_local/faults`). */
export interface FaultInjector {
  /** Queues a fault; faults apply in the order injected. Throws TypeError on a bad spec. */
  inject(spec: FaultSpec): void;
  /** Removes every queued fault. */
  clear(): void;
  /** The error the next call must fail with, consuming one use, or undefined. */
  next(): DataApiError | undefined;
}

const MESSAGES: Record<InjectableError, string> = {
  DatabaseResumingException:
    'The Aurora DB instance db-local-data-api is resuming after being auto-paused. Please wait a few seconds and try again.',
  ThrottlingException: 'Rate exceeded',
  ServiceUnavailableError: 'Service unavailable (injected fault)',
  InternalServerErrorException: 'Internal server error (injected fault)',
  DatabaseUnavailableException: 'The database is unavailable (injected fault)',
};

interface Rule {
  error: InjectableError;
  remaining: number;
  until: number;
}

/**
 * A fault queue over a clock (injectable for tests).
 *
 * @example
 * const faults = createFaultInjector();
 * faults.inject({ error: 'DatabaseResumingException', count: 3 });
 */
export function createFaultInjector(now: () => number = Date.now): FaultInjector {
  let rules: Rule[] = [];
  return {
    inject(spec) {
      const checked = checkSpec(spec);
      rules.push({
        error: checked.error,
        remaining: checked.count ?? (checked.forMs === undefined ? 1 : Infinity),
        until: checked.forMs === undefined ? Infinity : now() + checked.forMs,
      });
    },
    clear() {
      rules = [];
    },
    next() {
      rules = rules.filter((rule) => rule.remaining > 0 && rule.until > now());
      const rule = rules[0];
      if (!rule) return undefined;
      rule.remaining -= 1;
      return new DataApiError(rule.error, MESSAGES[rule.error]);
    },
  };
}

/** Validates an untrusted spec (from the HTTP control endpoint or a test). */
export function checkSpec(spec: unknown): FaultSpec {
  const s = spec as Partial<FaultSpec> | null;
  if (typeof s !== 'object' || s === null) throw new TypeError('A fault must be an object');
  if (!INJECTABLE_ERRORS.includes(s.error as InjectableError)) {
    throw new TypeError(`error must be one of ${INJECTABLE_ERRORS.join(', ')}`);
  }
  if (s.count !== undefined && !(Number.isInteger(s.count) && s.count > 0)) {
    throw new TypeError('count must be a positive integer');
  }
  if (s.forMs !== undefined && !(typeof s.forMs === 'number' && s.forMs > 0 && Number.isFinite(s.forMs))) {
    throw new TypeError('forMs must be a positive number of milliseconds');
  }
  return { error: s.error as InjectableError, count: s.count, forMs: s.forMs };
}
