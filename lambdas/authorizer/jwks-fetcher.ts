/**
 * Fetches the JWKS document: aws-jwt-verify's Node fetch (a response deadline, one retry, no
 * redirects followed, its error types and messages) with the HTTP module loaded on first use
 * instead of imported. A static `node:https` import costs 35–45 ms of every cold start; loaded
 * here it is paid only by the fetch that needs it. Plain `http:` is used for loopback hosts only
 * (the local stack and the tests), so a network attacker can never serve the keys.
 */
import type { IncomingMessage } from 'node:http';
import type { Fetcher } from 'aws-jwt-verify/https';
import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import { isAllowedJwksUrl } from './loopback-host';

/** Request options as aws-jwt-verify passes them: Node's, plus `responseTimeout` in ms. */
export type FetchOptions = Record<string, unknown> & { responseTimeout?: number };

/**
 * One GET (or a request carrying `data`) with `node:{scheme}`, resolving to the body of a 200.
 * Behaves as aws-jwt-verify's own `fetch`: `NonRetryableFetchError` on another status,
 * `FetchError` on a network fault or the response deadline.
 *
 * @example
 * const body = await fetchDocument('https://abc.supabase.co/auth/v1/.well-known/jwks.json', { responseTimeout: 1500 });
 */
export function fetchDocument(
  uri: string,
  options: FetchOptions = {},
  data?: ArrayBuffer,
  scheme: 'http' | 'https' = 'https',
): Promise<ArrayBuffer> {
  // process.getBuiltinModule, not import(): an ESM namespace of node:http reads its lazy
  // WebSocket getters and loads undici, which costs more cold start than this whole bundle.
  const { request } = process.getBuiltinModule(`node:${scheme}`) as typeof import('node:https');
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (error: Error | undefined, body?: ArrayBuffer): void => {
      clearTimeout(timer);
      if (!error) {
        resolve(body!);
        return;
      }
      req.socket?.emit('agentRemove');
      req.destroy();
      reject(error instanceof FetchError ? error : new FetchError(uri, error.message));
    };
    const req = request(uri, { method: 'GET', ...options }, (response: IncomingMessage) => {
      if (response.statusCode !== 200)
        return done(new NonRetryableFetchError(uri, `Status code is ${response.statusCode}, expected 200`));
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', done);
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        done(undefined, body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
      });
    });
    const { responseTimeout } = options;
    if (responseTimeout)
      timer = setTimeout(
        () => done(new FetchError(uri, `Response time-out (after ${responseTimeout} ms.)`)),
        responseTimeout,
      ).unref();
    req.on('error', done);
    req.end(data && new Uint8Array(data));
  });
}

/**
 * A `Fetcher` that rejects on a non-200 status, a response slower than `timeoutMs` (tried
 * twice), or a URL that is neither `https:` nor loopback `http:`. Request options (headers) may be
 * added per call; the deadlines are always this fetcher's.
 *
 * @example
 * const keys = new SigningKeys({ jwksUrl, fetcher: createJwksFetcher() });
 */
export function createJwksFetcher({ timeoutMs = 1500 }: { timeoutMs?: number } = {}): Fetcher {
  const options = { timeout: 1500, responseTimeout: timeoutMs };
  return {
    // `requestOptions` carries the caller's headers (the key cache asks past caches with them).
    fetch: async (uri, requestOptions) => {
      const target = new URL(uri);
      if (!isAllowedJwksUrl(target)) throw new Error(`refusing to fetch a JWKS from ${target.origin}: https: required`);
      const scheme = target.protocol === 'https:' ? 'https' : 'http';
      const request = { ...requestOptions, ...options };
      try {
        return await fetchDocument(uri, request, undefined, scheme);
      } catch (error) {
        if (error instanceof NonRetryableFetchError) throw error;
        return fetchDocument(uri, request, undefined, scheme);
      }
    },
  };
}
