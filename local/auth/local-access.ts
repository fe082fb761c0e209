/**
 * Who may talk to the emulator at all, and who may pull its `/_local` levers. The levers mint
 * valid tokens and take the JWKS down, so a web page the developer visits must not reach them:
 * every request must name a loopback host in `Host` (a DNS-rebinding page names its own), and
 * every `/_local` request must carry the control token generated at start, which a page cannot
 * read (the control routes send no CORS headers).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { AuthError } from './auth-error';

/** The header that carries the control token on every `/_local` request. */
export const CONTROL_TOKEN_HEADER = 'X-Local-Control-Token';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A fresh control token: 32 random bytes, base64url. */
export function generateControlToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * True for an interface only this machine can reach: `localhost`, 127.0.0.0/8 and `::1`.
 *
 * @example
 * isLoopbackInterface('0.0.0.0'); // false
 */
export function isLoopbackInterface(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * The `Host` names the emulator answers: the loopback names, and the interface it listens on.
 *
 * @example
 * allowedHostNames('127.0.0.1'); // Set {'localhost', '127.0.0.1', '[::1]'}
 */
export function allowedHostNames(listenHost: string): Set<string> {
  return new Set([...LOOPBACK_NAMES, listenHost.includes(':') ? `[${listenHost}]` : listenHost]);
}

/**
 * Throws 421 `host_not_allowed` unless the request's `Host` header, port aside, is one of `allowed`.
 *
 * @example
 * assertAllowedHost(req, allowedHostNames('127.0.0.1'));
 */
export function assertAllowedHost(req: IncomingMessage, allowed: Set<string>): void {
  const host = (req.headers.host ?? '').toLowerCase();
  const name = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(:\d{1,5})?$/.exec(host)?.[1];
  if (!name || !allowed.has(name)) {
    throw new AuthError(
      421,
      'host_not_allowed',
      `The local auth emulator only answers requests addressed to a loopback name (localhost, 127.0.0.1, [::1]), not ${JSON.stringify(host)}`,
    );
  }
}

/**
 * Throws 401 `no_authorization` unless the request carries `expected` in
 * {@link CONTROL_TOKEN_HEADER}, compared in constant time.
 *
 * @example
 * assertControlToken(req, controlToken);
 */
export function assertControlToken(req: IncomingMessage, expected: string): void {
  const header = req.headers[CONTROL_TOKEN_HEADER.toLowerCase()];
  const given = Buffer.from((Array.isArray(header) ? header[0] : header) ?? '');
  const wanted = Buffer.from(expected);
  if (given.length === 0) {
    throw new AuthError(
      401,
      'no_authorization',
      `The /_local control routes require the ${CONTROL_TOKEN_HEADER} header`,
    );
  }
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new AuthError(401, 'no_authorization', `Invalid ${CONTROL_TOKEN_HEADER}`);
  }
}
