/**
 * `POST /auth/v1/signup` with email confirmation off (auto-confirm), as a local project runs:
 * the user is created confirmed and signed in at once, so the answer is a full session.
 */
import { sessionGranted } from '../access-token';
import { AuthError } from '../auth-error';
import { assertAcceptablePassword, normalizeEmail } from '../credentials';
import type { Endpoint } from '../endpoint';
import { hashPassword } from '../password-hash';

/**
 * Creates a confirmed user and returns its first session.
 *
 * @example
 * // POST /auth/v1/signup {"email":"ada@example.com","password":"correct horse","data":{"name":"Ada"}}
 * // → 200 {access_token, token_type: "bearer", expires_in, expires_at, refresh_token, user}
 */
export const signup: Endpoint = async (request, deps) => {
  const body = await request.body();
  // GoTrue's order: the password first, then which provider, then the address.
  assertAcceptablePassword(body.password);
  const hasEmail = typeof body.email === 'string' && body.email !== '';
  const hasPhone = typeof body.phone === 'string' && body.phone !== '';
  if (hasEmail && hasPhone) {
    throw new AuthError(
      400,
      'validation_failed',
      'Only an email address or phone number should be provided on signup.',
    );
  }
  if (hasPhone) throw new AuthError(400, 'phone_provider_disabled', 'Phone signups are disabled');
  if (!hasEmail) throw new AuthError(400, 'validation_failed', 'Sign up only available with email provider');
  const email = normalizeEmail(body.email);
  const data = body.data ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new AuthError(400, 'validation_failed', 'data must be a JSON object');
  }
  const alreadyRegistered = () => new AuthError(422, 'user_already_exists', 'User already registered');
  if (deps.store.findUserByEmail(email)) throw alreadyRegistered();

  const passwordHash = await hashPassword(body.password);
  const user = deps.store.createUser({ email, passwordHash, userMetadata: data as Record<string, unknown> });
  if (!user) throw alreadyRegistered();
  const session = deps.store.createSession(user.id, 'password');
  const refreshToken = deps.store.issueRefreshToken(session.id, null);
  return sessionGranted(deps, { user, session, refreshToken });
};
