/**
 * What every response of the API must satisfy, whatever was sent: the security headers, the
 * JSON error envelope on every error, and nothing internal (stack traces, SQL, SDK or
 * PostgreSQL messages, file paths) in any body. Each check returns the problems it found, so a
 * load run can count them and a test can print them.
 */
import type { HttpAnswer } from './http-client';

/**
 * The headers of every response, the gateway's own answers (lib/constructs/gateway-responses.ts)
 * and the functions' (lambdas/shared/http/security-headers.ts) alike. Written out here rather
 * than imported, so that a change on either side has to be made on purpose.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Texts that only leak from internals: stack frames, error class names, SQL, driver messages, paths. */
const INTERNAL_MARKERS: readonly RegExp[] = [
  /\n\s+at /,
  /\bat [\w.<>]+ \(.*:\d+:\d+\)/,
  /(file|node):\/\//i,
  /\/(work|tmp|var|home|opt)\//,
  /\.(m?js|ts):\d+/,
  /\b(TypeError|ReferenceError|SyntaxError|RangeError)\b/,
  /\b\w+Exception\b/,
  /SQLState|syntax error at or near|duplicate key value|violates (unique|foreign key|check) constraint|relation "\w+"/i,
  /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/,
  /Task timed out|Runtime\.\w+|Sandbox\.\w+/,
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT/,
  /undefined is not|cannot read propert/i,
];

/** The problems with one response's body text, e.g. a stack frame. */
export function internalLeaks(body: string): string[] {
  return INTERNAL_MARKERS.filter((marker) => marker.test(body)).map(
    (marker) => `body leaks internals (${marker.source}): ${body.slice(0, 300)}`,
  );
}

/** True when the answer came from API Gateway itself rather than from a function. */
export function isGatewayResponse(answer: HttpAnswer): boolean {
  return answer.headers['x-amzn-errortype'] !== undefined;
}

/** Missing or wrong security headers. */
export function securityHeaderProblems(answer: HttpAnswer): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (answer.headers[name] !== value)
      problems.push(
        `${answer.status}: header ${name} is ${JSON.stringify(answer.headers[name])}, expected ${JSON.stringify(value)}`,
      );
  }
  return problems;
}

/** The error envelope's shape: `{"error":{"code","message","requestId"}}`, code in snake_case. */
export function envelopeProblems(answer: HttpAnswer): string[] {
  if (answer.status < 400) return [];
  const envelope = answer.json as { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | undefined;
  const error = envelope?.error;
  if (typeof error !== 'object' || error === null)
    return [`${answer.status} without the error envelope: ${answer.body.slice(0, 200)}`];
  const problems: string[] = [];
  if (typeof error.code !== 'string' || !/^[a-z]+(_[a-z]+)*$/.test(error.code))
    problems.push(`${answer.status}: error.code ${JSON.stringify(error.code)} is not a snake_case code`);
  if (typeof error.message !== 'string' || error.message === '')
    problems.push(`${answer.status}: error.message ${JSON.stringify(error.message)} is not a message`);
  if (typeof error.requestId !== 'string' || error.requestId === '')
    problems.push(`${answer.status}: error.requestId is missing`);
  if (!(answer.headers['content-type'] ?? '').startsWith('application/json'))
    problems.push(`${answer.status}: content-type ${answer.headers['content-type']}`);
  return problems;
}

/** Every check that applies to any response at all. */
export function universalProblems(answer: HttpAnswer): string[] {
  return [...securityHeaderProblems(answer), ...envelopeProblems(answer), ...internalLeaks(answer.body)];
}

/** The error code of an error answer, or undefined. */
export function errorCode(answer: HttpAnswer): string | undefined {
  const code = (answer.json as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}
