/**
 * What every endpoint of the emulator receives and returns: plain data in, a reply out, so the
 * endpoints know nothing of the HTTP server and the route table shows them all in one place.
 */
import type { IncomingMessage } from 'node:http';
import type { ApiKeys } from './api-key';
import type { AuthStore } from './auth-store';
import type { SigningKeyRing } from './signing-keys';

/** Long-lived things the endpoints share, built once by `startAuthEmulator`. */
export interface EndpointDeps {
  store: AuthStore;
  keys: SigningKeyRing;
  /** `${url}/auth/v1`, the `iss` of every access token. */
  issuer: string;
  accessTokenTtlSeconds: number;
  /** GoTrue's `REFRESH_TOKEN_REUSE_INTERVAL`: how long a spent refresh token still refreshes. */
  refreshTokenReuseIntervalSeconds: number;
  /** The project's API keys (publishable, secret, legacy service_role). */
  apiKeys: ApiKeys;
  /** The HS256 secret the legacy `service_role` key is signed with. */
  jwtSecret: string;
  /** The emulator's clock: tokens, sessions and the reuse interval all read it. */
  now: () => Date;
  /** Switched by the control API to simulate a JWKS outage. */
  jwks: { available: boolean };
  /** Persists the whole state (after a key rotation; store changes persist themselves). */
  persist(): void;
}

export interface EndpointRequest {
  req: IncomingMessage;
  url: URL;
  /** The `{name}` segments of the route's path. */
  params: Record<string, string>;
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
