/**
 * Turns a proxy-integrated Lambda's result into the HTTP response, with API Gateway's rules:
 * the result must be an object with no keys besides `statusCode`, `headers`, `multiValueHeaders`,
 * `body` and `isBase64Encoded`; `statusCode` must be an integer (a numeric string is accepted),
 * 200 when absent; header values strings (booleans become "true"/"false"); multi-value headers
 * lists; the body a string. Anything else is a "Malformed Lambda proxy response" (502).
 * `headers` and `multiValueHeaders` merge; a name in both keeps the multi-value list. A base64
 * body is decoded to bytes when the request's `Accept` or the response's `Content-Type` is a
 * binary media type of the API, else passed on as the base64 text.
 */
import { isBinaryMediaType } from './proxy-event';

export type ParsedProxyResponse =
  | { ok: true; statusCode: number; headers: [string, string][]; body: Buffer }
  | { ok: false; reason: string };

const ALLOWED_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

/**
 * Validates and converts a proxy result.
 *
 * @example
 * parseProxyResponse({ statusCode: 201, body: '{}' }, { binaryMediaTypes: [], accept: undefined });
 * // { ok: true, statusCode: 201, headers: [['Content-Type', 'application/json']], body: <Buffer 7b 7d> }
 */
export function parseProxyResponse(
  payload: unknown,
  options: { binaryMediaTypes: string[]; accept: string | undefined },
): ParsedProxyResponse {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    return malformed('the result is not an object');
  const result = payload as Record<string, unknown>;
  const extra = Object.keys(result).find((key) => !ALLOWED_KEYS.has(key));
  if (extra !== undefined) return malformed(`unexpected field ${extra}`);

  const rawStatus = result['statusCode'] ?? 200;
  const statusCode =
    typeof rawStatus === 'number'
      ? rawStatus
      : typeof rawStatus === 'string' && /^\d+$/.test(rawStatus)
        ? Number(rawStatus)
        : NaN;
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
    return malformed(`invalid statusCode ${JSON.stringify(rawStatus)}`);

  const single = result['headers'] ?? {};
  const multi = result['multiValueHeaders'] ?? {};
  if (!isPlainObject(single) || !isPlainObject(multi))
    return malformed('headers and multiValueHeaders must be objects');
  const merged = new Map<string, string[]>();
  for (const [name, value] of Object.entries(single)) {
    const text = headerText(value);
    if (text === undefined) return malformed(`header ${name} must be a string`);
    merged.set(name, [text]);
  }
  for (const [name, values] of Object.entries(multi)) {
    if (!Array.isArray(values)) return malformed(`multiValueHeaders.${name} must be a list`);
    const texts = values.map(headerText);
    if (texts.some((text) => text === undefined)) return malformed(`multiValueHeaders.${name} must hold strings`);
    merged.set(name, texts as string[]);
  }

  const body = result['body'] ?? '';
  if (typeof body !== 'string') return malformed('body must be a string');
  const isBase64 = result['isBase64Encoded'] === true || result['isBase64Encoded'] === 'true';
  const headers: [string, string][] = [...merged].flatMap(([name, values]) =>
    values.map((value): [string, string] => [name, value]),
  );
  const contentType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (contentType === undefined) headers.unshift(['Content-Type', 'application/json']);
  const decode =
    isBase64 &&
    (acceptsBinary(options.accept, options.binaryMediaTypes) ||
      isBinaryMediaType(contentType, options.binaryMediaTypes));
  return { ok: true, statusCode, headers, body: decode ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8') };
}

function acceptsBinary(accept: string | undefined, binaryMediaTypes: string[]): boolean {
  if (accept === undefined) return false;
  return accept.split(',').some((type) => isBinaryMediaType(type, binaryMediaTypes));
}

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function malformed(reason: string): ParsedProxyResponse {
  return { ok: false, reason: `Malformed Lambda proxy response: ${reason}` };
}
