/**
 * Counts of a load phase: answers by class (`200`, `404 not_found`, `503 service_unavailable`…),
 * requests by operation, and every problem (a wrong answer, a missing header, a leak, a
 * transport failure), with the first few kept verbatim for the report.
 */
import { errorCode } from '../support/response-checks';
import type { HttpAnswer } from '../support/http-client';

const KEPT_PROBLEMS = 25;

export interface Tally {
  requests: number;
  byClass: Record<string, number>;
  byOperation: Record<string, number>;
  problems: number;
  samples: string[];
  record(operation: string, answer: HttpAnswer | undefined, problems: readonly string[]): void;
}

/** `200`, `404 not_found`, `transport` — the class an answer is counted under. */
export function classOf(answer: HttpAnswer | undefined): string {
  if (!answer) return 'transport';
  const code = errorCode(answer);
  return code ? `${answer.status} ${code}` : String(answer.status);
}

/** @example const tally = createTally(); tally.record('getMe', answer, []); */
export function createTally(): Tally {
  const tally: Tally = {
    requests: 0,
    byClass: {},
    byOperation: {},
    problems: 0,
    samples: [],
    record(operation, answer, problems) {
      tally.requests += 1;
      const klass = classOf(answer);
      tally.byClass[klass] = (tally.byClass[klass] ?? 0) + 1;
      tally.byOperation[operation] = (tally.byOperation[operation] ?? 0) + 1;
      if (problems.length > 0) {
        tally.problems += 1;
        if (tally.samples.length < KEPT_PROBLEMS) tally.samples.push(`${operation}: ${problems.join('; ')}`);
      }
    },
  };
  return tally;
}

/** Answers with a 5xx status, by class. */
export function serverErrors(tally: Tally): Record<string, number> {
  return Object.fromEntries(Object.entries(tally.byClass).filter(([klass]) => /^5\d\d/.test(klass)));
}
