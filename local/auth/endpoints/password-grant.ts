/**
 * `POST /auth/v1/token?grant_type=password`: email and password sign-in. An unknown email and a
 * wrong password get the same answer after the same scrypt work.
 */
import { sessionGranted } from '../access-token';
import { AuthError } from '../auth-error';
import type { Endpoint } from '../endpoint';
import { decoyPasswordHash, verifyPassword } from '../password-hash';

const invalidCredentials = () => new AuthError(400, 'invalid_credentials', 'Invalid login credentials');

/**
 * Signs a user in and returns a new session.
 *
 * @example
 * // POST /auth/v1/token?grant_type=password {"email":"ada@example.com","password":"correct horse"}
 * // → 200 AccessTokenResponse, or 400 {"code":"invalid_credentials","message":"Invalid login credentials"}
 */
export const passwordGrant: Endpoint = async (request, deps) => {
  const body = await request.body();
  const hasEmail = typeof body.email === 'string' && body.email !== '';
  const hasPhone = typeof body.phone === 'string' && body.phone !== '';
  if (hasEmail && hasPhone) {
    throw new AuthError(400, 'validation_failed', 'Only an email address or phone number should be provided on login.');
  }
  if (hasPhone) throw new AuthError(422, 'phone_provider_disabled', 'Phone logins are disabled');
  if (!hasEmail) throw new AuthError(400, 'validation_failed', 'missing email or phone');

  const user = deps.store.findUserByEmail((body.email as string).toLowerCase());
  const password = typeof body.password === 'string' ? body.password : '';
  const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !matches) throw invalidCredentials();
  // Only a user an admin created without `email_confirm` is unconfirmed here.
  if (!user.emailConfirmedAt) throw new AuthError(400, 'email_not_confirmed', 'Email not confirmed');

  const session = deps.store.createSession(user.id, 'password');
  const refreshToken = deps.store.issueRefreshToken(session.id, null);
  return sessionGranted(deps, { user, session, refreshToken });
};
