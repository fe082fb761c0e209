/**
 * Plain `http:` is allowed for a JWKS only on the loopback interface (the local stack and the
 * tests); anywhere else it would let a network attacker serve their own keys.
 */

/**
 * True for `localhost`, `*.localhost`, `127.0.0.0/8` and `[::1]` as `URL.hostname` spells them.
 *
 * @example
 * isLoopbackHost(new URL('http://127.0.0.1:9999/jwks').hostname); // true
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * True when a JWKS may be fetched from `url`: `https:` anywhere, `http:` only on loopback.
 *
 * @example
 * isAllowedJwksUrl(new URL('http://10.0.0.1/jwks.json')); // false
 */
export function isAllowedJwksUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}
