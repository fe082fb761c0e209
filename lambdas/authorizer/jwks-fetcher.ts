/**
 * Fetches the JWKS document with aws-jwt-verify's own `SimpleFetcher` (already in the bundle:
 * a response deadline, one retry, no redirects followed). That fetcher speaks only `https:`;
 * handing it an `http.Agent` makes the request plain `http:`, which is done for loopback hosts
 * only (the local stack and the tests), so a network attacker can never serve the keys.
 */
import type { Agent } from 'node:http';
import { SimpleFetcher, type Fetcher } from 'aws-jwt-verify/https';
import { isAllowedJwksUrl } from './loopback-host';

/**
 * A `Fetcher` that rejects on a non-200 status, a response slower than `timeoutMs` (tried
 * twice), or a URL that is neither `https:` nor loopback `http:`.
 *
 * @example
 * const keys = new SigningKeys({ jwksUrl, fetcher: createJwksFetcher() });
 */
export function createJwksFetcher({ timeoutMs = 1500 }: { timeoutMs?: number } = {}): Fetcher {
  const fetcher = new SimpleFetcher({ defaultRequestOptions: { responseTimeout: timeoutMs } });
  let plainHttp: Agent | undefined;
  return {
    fetch: async (uri) => {
      const target = new URL(uri);
      if (!isAllowedJwksUrl(target)) throw new Error(`refusing to fetch a JWKS from ${target.origin}: https: required`);
      if (target.protocol === 'https:') return fetcher.fetch(uri);
      // Not `import ... from 'node:http'`: an ESM import of node:http reads its lazy WebSocket
      // getters and loads undici, which costs Node 24 more cold start than the rest of this bundle.
      plainHttp ??= new (process.getBuiltinModule('node:http').Agent)();
      return fetcher.fetch(uri, { agent: plainHttp });
    },
  };
}
