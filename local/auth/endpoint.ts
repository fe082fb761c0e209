/**
 * What every endpoint of the emulator receives and returns: plain data in, a reply out, so the
 * endpoints know nothing of the HTTP server and the route table shows them all in one place.
 */
import type { IncomingMessage } from 'node:http';
import type { AuthStore } from './auth-store';
import type { SigningKeyRing } from './signing-keys';

/** Long-lived things the endpoints share, built once by `startAuthEmulator`. */
export interface EndpointDeps {
  store: AuthStore;
  keys: SigningKeyRing;
  /** `${url}/auth/v1`, the `iss` of every access token. */
  issuer: string;
  accessTokenTtlSeconds: number;
  /** Switched by the control API to simulate a JWKS outage. */
  jwks: { available: boolean };
  /** Persists the whole state (after a key rotation; store changes persist themselves). */
  persist(): void;
}

export interface EndpointRequest {
  req: IncomingMessage;
  url: URL;
  /** The JSON object body; throws `bad_json` / `request_too_large` as an `AuthError`. */
  body(): Promise<Record<string, unknown>>;
}

export interface EndpointReply {
  status: number;
  /** Absent for bodiless answers such as 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Endpoint = (request: EndpointRequest, deps: EndpointDeps) => Promise<EndpointReply>;
