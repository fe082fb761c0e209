/**
 * The user object as GoTrue serializes it (`models.User`), which supabase-js returns from
 * `getUser()` and inside every session. Only the email provider exists in the emulator.
 */
import type { UserRecord } from './auth-store';

/**
 * `app_metadata` of an email/password user, in the response and in the access token: what an
 * admin set, then the provider fields GoTrue keeps.
 */
export function appMetadataOf(user: UserRecord): Record<string, unknown> {
  return { ...user.appMetadata, provider: 'email', providers: ['email'] };
}

/**
 * `user_metadata` as recent GoTrue versions fill it: the signup `data`, then the email
 * identity's data (`email`, `email_verified`, `phone_verified`, `sub`), which GoTrue copies at
 * sign-up only (not for a user an admin creates).
 */
export function userMetadataOf(user: UserRecord): Record<string, unknown> {
  return user.createdByAdmin ? { ...user.userMetadata } : { ...user.userMetadata, ...identityDataOf(user) };
}

function identityDataOf(user: UserRecord): Record<string, unknown> {
  return { email: user.email, email_verified: user.emailConfirmedAt !== null, phone_verified: false, sub: user.id };
}

/**
 * The JSON body of a user.
 *
 * @example
 * sendJson(res, 200, toUserJson(user));
 */
export function toUserJson(user: UserRecord): Record<string, unknown> {
  // GoTrue omits these when null (`omitempty`).
  const confirmed = user.emailConfirmedAt ? { email_confirmed_at: user.emailConfirmedAt } : {};
  return {
    id: user.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: user.email,
    ...confirmed,
    phone: '',
    ...(user.emailConfirmedAt ? { confirmed_at: user.emailConfirmedAt } : {}),
    ...(user.lastSignInAt ? { last_sign_in_at: user.lastSignInAt } : {}),
    app_metadata: appMetadataOf(user),
    user_metadata: userMetadataOf(user),
    identities: [
      {
        identity_id: user.identityId,
        id: user.id,
        user_id: user.id,
        identity_data: identityDataOf(user),
        provider: 'email',
        last_sign_in_at: user.createdAt,
        created_at: user.createdAt,
        updated_at: user.createdAt,
        email: user.email,
      },
    ],
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    is_anonymous: false,
  };
}
