/**
 * Reading requests and writing responses the way GoTrue does: JSON bodies with a size limit,
 * errors in the `2024-01-01` form (`{code, message}` plus the echoed `X-Supabase-Api-Version`)
 * when the client asks for it, and GoTrue's legacy form (`{code: <status>, error_code, msg}`)
 * otherwise.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestBody } from '../request-body';
import { AuthError } from './auth-error';

export const API_VERSION_HEADER = 'X-Supabase-Api-Version';
const API_VERSION_2024_01_01 = '2024-01-01';

/** Largest JSON body accepted; GoTrue bodies are a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The API version GoTrue would pick for this request: `2024-01-01` for any valid date on or after
 * it, `null` (the initial version) for none, an unparsable one, or an earlier date.
 *
 * @example
 * apiVersionOf({ 'x-supabase-api-version': '2025-06-01' }); // '2024-01-01'
 */
export function apiVersionOf(headers: IncomingMessage['headers']): string | null {
  const raw = headers['x-supabase-api-version'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const parsed = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== value) return null;
  return parsed >= Date.parse(`${API_VERSION_2024_01_01}T00:00:00Z`) ? API_VERSION_2024_01_01 : null;
}

/**
 * Reads the request body as one JSON object. Malformed, empty or non-object JSON is `bad_json`
 * (400) and a body past {@link MAX_BODY_BYTES} is `request_too_large` (413); the body is always
 * drained so the client sees the answer rather than a reset connection.
 *
 * @example
 * const body = await readJsonBody(req); // Record<string, unknown>
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const body = await readRequestBody(req, limit);
  if (body.length > limit || Number(req.headers['content-length'] ?? 0) > limit)
    throw new AuthError(413, 'request_too_large', `Request body is larger than ${limit} bytes`);
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = text.trim() === '' ? 'the body is empty' : (error as Error).message;
    throw new AuthError(400, 'bad_json', `Could not parse request body as JSON: ${reason}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AuthError(400, 'bad_json', 'Could not parse request body as JSON: expected an object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Writes a JSON response.
 *
 * @example
 * sendJson(res, 200, { keys: [] }, { 'Cache-Control': 'public, max-age=600' });
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/**
 * Writes an {@link AuthError} as GoTrue's `HandleResponseError` does: the `x-sb-error-code`
 * header always, and for a `2024-01-01` client `{code, message}` with the version echoed (without
 * the echo supabase-js ignores `code`), else the legacy `{code: <status>, error_code, msg}`.
 *
 * @example
 * sendAuthError(req, res, new AuthError(400, 'invalid_credentials', 'Invalid login credentials'));
 */
export function sendAuthError(req: IncomingMessage, res: ServerResponse, error: AuthError): void {
  const version = apiVersionOf(req.headers);
  const headers: Record<string, string> = { 'x-sb-error-code': error.code };
  const weak = error.weakPasswordReasons ? { weak_password: { reasons: error.weakPasswordReasons } } : {};
  if (version) {
    headers[API_VERSION_HEADER] = version;
    sendJson(res, error.status, { code: error.code, message: error.message, ...weak }, headers);
  } else {
    sendJson(res, error.status, { code: error.status, error_code: error.code, msg: error.message, ...weak }, headers);
  }
}
