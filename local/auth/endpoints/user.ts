/**
 * `GET /auth/v1/user` (supabase-js `getUser()`) and `PUT /auth/v1/user` (`updateUser()`), after
 * GoTrue's `UserGet` and `UserUpdate`.
 */
import { AuthError } from '../auth-error';
import { checkPasswordStrength, normalizeEmail } from '../credentials';
import type { Endpoint } from '../endpoint';
import { hashPassword, verifyPassword } from '../password-hash';
import { requireAuthentication } from '../require-authentication';
import { toUserJson } from '../user-json';
import { optionalObject, optionalString, validatePhone } from './request-fields';

/**
 * Answers the user the access token belongs to.
 *
 * @example
 * // GET /auth/v1/user  Authorization: Bearer <access token>  → 200 user object
 */
export const getUser: Endpoint = async (request, deps) => {
  const { user } = await requireAuthentication(request.req, deps);
  return { status: 200, body: toUserJson(user) };
};

/**
 * Updates the signed-in user's `user_metadata` (`data`, merged key by key, `null` removes a key),
 * password and email, in GoTrue's order of checks, and answers the user. A new password ends the
 * user's other sessions. A new email applies at once (see docs/LOCAL.md: GoTrue would wait for
 * the confirmation link).
 *
 * @example
 * // PUT /auth/v1/user {"data":{"theme":"dark"},"password":"new horse battery"} → 200 user object
 */
export const updateUser: Endpoint = async (request, deps) => {
  const { user, session } = await requireAuthentication(request.req, deps);
  const body = await request.body();
  const rawEmail = optionalString(body, 'email');
  const email = rawEmail ? normalizeEmail(rawEmail) : undefined;
  const phone = optionalString(body, 'phone');
  if (phone) validatePhone(phone);
  const password = optionalString(body, 'password');
  if (password !== undefined) checkPasswordStrength(password);
  const data = optionalObject(body, 'data');
  if (optionalObject(body, 'app_metadata')) {
    throw new AuthError(403, 'not_admin', 'Updating app_metadata requires admin privileges');
  }
  if (phone)
    throw new AuthError(
      422,
      'phone_provider_disabled',
      'Phone updates are disabled (the emulator has no phone provider)',
    );
  const emailExists = () =>
    new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
  if (email !== undefined && email !== user.email && deps.store.findUserByEmail(email)) throw emailExists();
  let passwordHash: string | undefined;
  if (password !== undefined) {
    if (await verifyPassword(password, user.passwordHash)) {
      throw new AuthError(422, 'same_password', 'New password should be different from the old password.');
    }
    passwordHash = await hashPassword(password);
  }
  const applied = deps.store.updateUser(user, {
    ...(email === undefined ? {} : { email }),
    ...(passwordHash === undefined ? {} : { passwordHash, keepSessionId: session?.id ?? null }),
    ...(data ? { userMetadata: data } : {}),
  });
  if (!applied) throw emailExists();
  return { status: 200, body: toUserJson(user) };
};
