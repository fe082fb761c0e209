/**
 * MOCK integrations, as the CDK's CORS preflight methods use them: the request template's
 * `statusCode` selects an integration response (by `SelectionPattern` on the status, else the
 * default one), whose static `'…'` headers and template are returned. No VTL beyond that.
 */
import type { MockIntegrationResponse } from './model';

export type MockResult =
  | { ok: true; statusCode: number; headers: [string, string][]; body: string }
  | { ok: false; reason: string };

/**
 * Answers a MOCK integration.
 *
 * @example
 * answerMock([{ statusCode: 204, headers: { 'Access-Control-Allow-Origin': "'*'" }, templates: {} }], 200);
 * // { ok: true, statusCode: 204, headers: [['Access-Control-Allow-Origin', '*']], body: '' }
 */
export function answerMock(
  responses: MockIntegrationResponse[],
  requestedStatus = 200,
  requestHeaders: Record<string, string> = {},
): MockResult {
  const status = String(requestedStatus);
  const chosen =
    responses.find(
      (response) =>
        response.selectionPattern !== undefined &&
        response.selectionPattern !== '' &&
        new RegExp(`^(?:${response.selectionPattern})$`).test(status),
    ) ?? responses.find((response) => response.selectionPattern === undefined || response.selectionPattern === '');
  if (chosen === undefined) return { ok: false, reason: 'no integration response matches the MOCK integration' };
  const headers: [string, string][] = [];
  for (const [name, expression] of Object.entries(chosen.headers)) {
    const quoted = /^'(.*)'$/s.exec(expression);
    const fromRequest = /^method\.request\.header\.(.+)$/.exec(expression)?.[1];
    const value = quoted
      ? quoted[1]
      : fromRequest
        ? Object.entries(requestHeaders).find(([key]) => key.toLowerCase() === fromRequest.toLowerCase())?.[1]
        : undefined;
    if (value !== undefined) headers.push([name, value]);
  }
  const template = chosen.templates['application/json'] ?? Object.values(chosen.templates)[0] ?? '';
  headers.unshift(['Content-Type', 'application/json']);
  return { ok: true, statusCode: chosen.statusCode, headers, body: template };
}

/** The `statusCode` a MOCK request template asks for (`{ statusCode: 200 }`), 200 by default. */
export function requestedMockStatus(requestTemplates: Record<string, string> | undefined): number {
  const template = requestTemplates?.['application/json'] ?? '';
  const match = /statusCode"?\s*:\s*(\d{3})/.exec(template);
  return match ? Number(match[1]) : 200;
}
