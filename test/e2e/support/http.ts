/** Plain `fetch` against the stack, and the checks every error response must pass. */

export interface Reply {
  status: number;
  headers: Headers;
  /** The parsed JSON body, `undefined` for an empty body, the raw text when it is not JSON. */
  body: unknown;
}

/**
 * One request; a `json` body is serialized with its content type.
 *
 * @example
 * const reply = await call(`${url}/api/me`, { token });
 */
export async function call(
  url: string,
  init: { method?: string; token?: string; authorization?: string; apiKey?: string; json?: unknown } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.authorization !== undefined) headers.authorization = init.authorization;
  if (init.apiKey !== undefined) headers['x-api-key'] = init.apiKey;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  let body: unknown = text === '' ? undefined : text;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      // Left as text: expectError reports it.
    }
  }
  return { status: response.status, headers: response.headers, body };
}

/**
 * Asserts the status and that the body is the error envelope `{"error":{"code","message"}}`
 * served as JSON, with the expected code when one is given.
 *
 * @example
 * expectError(await call(`${url}/api/me`), 401, 'unauthorized');
 */
export function expectError(reply: Reply, status: number, code?: string): void {
  expect({ status: reply.status, body: reply.body }).toMatchObject({
    status,
    body: { error: { code: code ?? expect.any(String), message: expect.any(String) } },
  });
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
}
