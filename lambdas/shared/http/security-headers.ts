/**
 * The security headers of every response. The API serves JSON only, so the policy forbids
 * everything a browser could do with a response besides reading it through `fetch`.
 */

/** Added to every response, success or error. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
});
