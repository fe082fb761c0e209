/**
 * Sign-in, refresh and sign-out through `@supabase/supabase-js`. The Intello client owns the
 * session; supabase-js is given a storage that keeps nothing, because its own session logic
 * refreshes any stored session within 90 s of expiry on the way into `refreshSession` — a second
 * refresh that would replay a spent refresh token and, with rotation, revoke the session.
 */
import {
  createClient,
  isAuthRetryableFetchError,
  type AuthError,
  type Session,
  type SupportedStorage,
} from '@supabase/supabase-js';
import { IntelloAuthError } from './errors';
import type { SessionSource, SessionTokens } from './session-keeper';

export interface SupabaseAuthOptions {
  supabaseUrl: string;
  /** The project's publishable (anon) key. */
  supabaseKey: string;
  fetch: typeof fetch;
}

/** The auth operations the Intello client needs. */
export interface SupabaseAuth extends SessionSource {
  signIn(email: string, password: string): Promise<SessionTokens & { userId: string }>;
  /** Ends the session on the server (`scope: local`: this session only). */
  signOut(accessToken: string): Promise<void>;
}

const KEEP_NOTHING: SupportedStorage = {
  getItem: () => null,
  setItem: () => undefined,
  removeItem: () => undefined,
};

function tokensOf(session: Session): SessionTokens {
  return {
    accessToken: session.access_token,
    refreshToken: session.refresh_token,
    expiresInSeconds: session.expires_in,
  };
}

function authError(operation: IntelloAuthError['operation'], error: AuthError): IntelloAuthError {
  const status = isAuthRetryableFetchError(error) && error.status === 0 ? undefined : error.status;
  return new IntelloAuthError(
    { operation, status, code: error.code, message: `${operation.replace('_', ' ')} failed: ${error.message}` },
    { cause: error },
  );
}

/**
 * supabase-js pointed at one project, with no session storage, no timers and no URL detection.
 *
 * @example
 * const auth = createSupabaseAuth({ supabaseUrl, supabaseKey, fetch });
 * const tokens = await auth.signIn('bot@example.com', password);
 */
export function createSupabaseAuth(options: SupabaseAuthOptions): SupabaseAuth {
  const supabase = createClient(options.supabaseUrl, options.supabaseKey, {
    auth: { persistSession: true, storage: KEEP_NOTHING, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: options.fetch },
  });
  return {
    async signIn(email, password) {
      const { data, error } = await supabase.auth.signInWithPassword({ email, password });
      if (error) throw authError('sign_in', error);
      if (!data.session)
        throw new IntelloAuthError({
          operation: 'sign_in',
          status: undefined,
          code: undefined,
          message: 'sign in failed: Supabase returned no session',
        });
      return { ...tokensOf(data.session), userId: data.user.id };
    },
    async refresh(refreshToken) {
      const { data, error } = await supabase.auth.refreshSession({ refresh_token: refreshToken });
      if (error) throw authError('refresh', error);
      if (!data.session)
        throw new IntelloAuthError({
          operation: 'refresh',
          status: undefined,
          code: undefined,
          message: 'refresh failed: Supabase returned no session',
        });
      return tokensOf(data.session);
    },
    async signOut(accessToken) {
      const { error } = await supabase.auth.admin.signOut(accessToken, 'local');
      if (error) throw authError('sign_out', error);
    },
  };
}
