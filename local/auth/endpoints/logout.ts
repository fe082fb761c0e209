/**
 * `POST /auth/v1/logout?scope=global|local|others`: ends sessions, and with them their refresh
 * tokens. Access tokens already issued stay valid until they expire, as in Supabase, but
 * `/user` refuses them (`session_not_found`) since their session is gone.
 */
import { AuthError } from '../auth-error';
import type { LogoutScope } from '../auth-store';
import type { Endpoint } from '../endpoint';
import { requireAuthentication } from '../require-authentication';

const SCOPES: Record<string, LogoutScope> = { '': 'global', global: 'global', local: 'local', others: 'others' };

/**
 * Signs out.
 *
 * @example
 * // POST /auth/v1/logout?scope=local  Authorization: Bearer <access token>  → 204
 */
export const logout: Endpoint = async (request, deps) => {
  const requested = request.url.searchParams.get('scope') ?? '';
  const scope = Object.hasOwn(SCOPES, requested) ? SCOPES[requested] : undefined;
  if (!scope) throw new AuthError(400, 'validation_failed', `Unsupported logout scope ${JSON.stringify(requested)}`);
  const { user, session } = await requireAuthentication(request.req, deps);
  // Without a session_id claim GoTrue falls back to a global logout, whatever the scope.
  deps.store.logout(user.id, session?.id ?? null, session ? scope : 'global');
  return { status: 204 };
};
