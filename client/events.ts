/** What the client tells an `onEvent` listener, for logs and metrics (the example job prints them). */

export type IntelloClientEvent =
  /** A new access token arrived (`expiresAt` on the local clock). */
  | { type: 'refreshed'; expiresAt: Date }
  /** `POST /auth/sync` ran after a 428 `user_not_synced` (201 created the user, 200 found it). */
  | { type: 'synced'; status: number }
  /** A 401 `token_expired`: the token is being replaced and the call sent once more. */
  | { type: 'token_rejected'; method: string; path: string }
  /** A call is sent again after `delayMs`. */
  | {
      type: 'retrying';
      method: string;
      path: string;
      reason: 'rate_limited' | 'service_unavailable' | 'network_error';
      retry: number;
      delayMs: number;
    };

export type IntelloClientEventListener = (event: IntelloClientEvent) => void;
