/**
 * Fetches the JWKS document. aws-jwt-verify's own fetcher speaks only `https:`; the local stack
 * and the tests serve the JWKS over loopback `http:`, which this allows, for loopback hosts only.
 * No redirects are followed and the body is capped, so a misbehaving endpoint cannot make the
 * authorizer wait long or hold much memory.
 */
import type { IncomingMessage } from 'node:http';
import { isAllowedJwksUrl } from './loopback-host';

export interface JwksFetchOptions {
  /** Whole-request deadline in milliseconds (default 3000). */
  timeoutMs?: number;
  /** Largest accepted body in bytes (default 64 KiB). */
  maxBytes?: number;
}

/** A function returning the parsed JSON at a JWKS URL: what {@link SigningKeys} is given. */
export type JwksFetcher = (url: string) => Promise<unknown>;

/**
 * GETs `url` and parses the body as JSON; rejects on a non-200 status, a timeout, an oversized
 * body or a URL that is neither `https:` nor loopback `http:`.
 *
 * @example
 * const jwks = await fetchJwksJson('https://abc.supabase.co/auth/v1/.well-known/jwks.json');
 */
export async function fetchJwksJson(url: string, { timeoutMs = 3000, maxBytes = 65536 }: JwksFetchOptions = {}): Promise<unknown> {
  const target = new URL(url);
  if (!isAllowedJwksUrl(target)) throw new Error(`refusing to fetch a JWKS from ${target.origin}: https: required`);
  // Loaded on demand so a loopback (local) setup never pays for TLS, and production pays once.
  const { request } = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'GET', headers: { accept: 'application/json' } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        res.resume();
        return fail(new Error(`JWKS fetch from ${target.origin} answered ${res.statusCode}`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return fail(new Error(`JWKS from ${target.origin} is larger than ${maxBytes} bytes`));
        chunks.push(chunk);
      });
      res.on('end', () => {
        try {
          done(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (cause) {
          fail(new Error(`JWKS from ${target.origin} is not JSON`, { cause }));
        }
      });
      res.on('error', fail);
    });
    const timer = setTimeout(() => fail(new Error(`JWKS fetch from ${target.origin} timed out after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    function done(value: unknown): void {
      clearTimeout(timer);
      resolve(value);
    }
    function fail(error: Error): void {
      clearTimeout(timer);
      req.destroy();
      reject(error);
    }
    req.on('error', fail);
    req.end();
  });
}
