/**
 * What the transport needs from whatever proves who is calling: the bearer value to send, what
 * to do when the API calls it expired, and whether a 428 `user_not_synced` is answered with a
 * sync. A machine account's session (`session-keeper.ts`) refreshes and syncs; an org API key
 * ({@link ApiKeyCredential}) does neither.
 */
export interface Credential {
  /** The bearer value to send now. */
  accessToken(): Promise<string>;
  /**
   * After a 401 `token_expired` for `rejected`: the value to send instead. Absent on a
   * credential that cannot be renewed (the error then reaches the caller).
   */
  readonly replaceRejected?: (rejected: string) => Promise<string>;
  /** Whether a 428 `user_not_synced` is answered with `POST /auth/sync` (people only). */
  readonly syncOn428: boolean;
}

/** The shape of an org API key: `intello_sk_` + 43 base62 characters + a 6-character checksum. */
export const API_KEY_PATTERN = /^intello_sk_[0-9A-Za-z]{49}$/;

/**
 * An org API key: sent as it is, never refreshed (a revoked or expired key is a 401 for the
 * caller to see), never synced (a key belongs to an org, not to a user).
 *
 * @example
 * const credential = new ApiKeyCredential(process.env.INTELLO_API_KEY!);
 */
export class ApiKeyCredential implements Credential {
  readonly syncOn428 = false;
  readonly #key: string;

  constructor(key: string) {
    if (!API_KEY_PATTERN.test(key)) throw new TypeError('key must be an org API key (intello_sk_…, 60 characters)');
    this.#key = key;
  }

  async accessToken(): Promise<string> {
    return this.#key;
  }
}
