/** Reading the API's error envelope `{"error":{"code","message","requestId"[,"details"]}}` off a response. */
import { API_ERROR_CODES, IntelloApiError, type IntelloErrorCode, type IntelloValidationDetail } from './errors';

const KNOWN_CODES: ReadonlySet<string> = new Set(API_ERROR_CODES);

/** Headers API Gateway and proxies use for the request id, when the body has none. */
const REQUEST_ID_HEADERS = ['x-amzn-requestid', 'x-amz-apigw-id', 'x-request-id'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function detailsOf(value: unknown): IntelloValidationDetail[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((d) => ({ field: String(d.field ?? ''), message: String(d.message ?? '') }));
}

/**
 * The {@link IntelloApiError} a non-2xx response stands for. A body that is not the envelope
 * (or a code this client does not know) becomes `unexpected_response` with the status kept,
 * so a caller never has to parse text.
 *
 * @example
 * const error = await apiErrorFromResponse(new Response('{"error":{"code":"not_found","message":"spec not found","requestId":"r-1"}}', { status: 404 }));
 * // error.code === 'not_found', error.requestId === 'r-1'
 */
export async function apiErrorFromResponse(response: Response): Promise<IntelloApiError> {
  const text = await response.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const headerId = REQUEST_ID_HEADERS.map((h) => response.headers.get(h)).find((v) => v !== null) ?? undefined;
  const envelope = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  if (envelope && typeof envelope.code === 'string' && KNOWN_CODES.has(envelope.code)) {
    return new IntelloApiError({
      status: response.status,
      code: envelope.code as IntelloErrorCode,
      message: typeof envelope.message === 'string' ? envelope.message : envelope.code,
      requestId: typeof envelope.requestId === 'string' ? envelope.requestId : headerId,
      details: detailsOf(envelope.details),
    });
  }
  const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return new IntelloApiError({
    status: response.status,
    code: 'unexpected_response',
    message: `HTTP ${response.status} without the API's error envelope${excerpt ? `: ${excerpt}` : ''}`,
    requestId: headerId,
  });
}
