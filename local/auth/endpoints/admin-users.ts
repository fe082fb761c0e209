/**
 * The admin user endpoints supabase-js's `auth.admin` calls, after GoTrue's `admin.go`: create,
 * list (offset pages with GoTrue's `Link` and `X-Total-Count` headers), get, update and delete.
 * All need admin credentials (the secret key, or a JWT whose role is `service_role`); the
 * publishable key gets 403 `not_admin`.
 */
import { randomBytes } from 'node:crypto';
import { AuthError } from '../auth-error';
import type { UserRecord } from '../auth-store';
import { checkPasswordStrength, MAX_PASSWORD_BYTES, normalizeEmail } from '../credentials';
import type { Endpoint, EndpointDeps, EndpointRequest } from '../endpoint';
import { hashPassword } from '../password-hash';
import { requireAdmin } from '../require-admin';
import { toUserJson } from '../user-json';
import { optionalBoolean, optionalObject, optionalString, validatePhone } from './request-fields';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const DEFAULT_PER_PAGE = 50;

const emailExists = () =>
  new AuthError(422, 'email_exists', 'A user with this email address has already been registered');

/** Fields GoTrue's admin API takes that the emulator has no model for: refused, never ignored. */
function refuseUnsupported(body: Record<string, unknown>): void {
  for (const field of ['role', 'ban_duration', 'password_hash', 'nonce']) {
    if (optionalString(body, field)) {
      throw new AuthError(400, 'validation_failed', `${field} is not supported by the local auth emulator`);
    }
  }
  const phone = optionalString(body, 'phone');
  if (phone) {
    validatePhone(phone);
    throw new AuthError(422, 'phone_provider_disabled', 'Phone users are not supported by the local auth emulator');
  }
}

function assertNotTooLong(password: string): void {
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw new AuthError(400, 'validation_failed', `bcrypt: password length exceeds ${MAX_PASSWORD_BYTES} bytes`);
  }
}

async function loadUser(request: EndpointRequest, deps: EndpointDeps): Promise<UserRecord> {
  await requireAdmin(request, deps);
  const id = request.params.user_id ?? '';
  if (!UUID.test(id)) throw new AuthError(404, 'validation_failed', 'user_id must be an UUID');
  const user = deps.store.findUserById(id.toLowerCase());
  if (!user) throw new AuthError(404, 'user_not_found', 'User not found');
  return user;
}

function customId(body: Record<string, unknown>): string | undefined {
  const id = optionalString(body, 'id');
  if (!id) return undefined;
  if (!UUID.test(id)) throw new AuthError(400, 'validation_failed', 'ID must conform to the uuid v4 format');
  if (id === NIL_UUID) throw new AuthError(400, 'validation_failed', 'ID cannot be a nil uuid');
  return id.toLowerCase();
}

/**
 * `POST /auth/v1/admin/users`: creates a user, unconfirmed unless `email_confirm` (as GoTrue), with
 * a random password when none is given. GoTrue applies no strength rule here, only bcrypt's limit.
 *
 * @example
 * // POST /auth/v1/admin/users {"email":"bot@example.com","password":"…","email_confirm":true} → 200 user
 */
export const adminCreateUser: Endpoint = async (request, deps) => {
  await requireAdmin(request, deps);
  const body = await request.body();
  const rawEmail = optionalString(body, 'email');
  if (!rawEmail && !optionalString(body, 'phone')) {
    throw new AuthError(400, 'validation_failed', 'Cannot create a user without either an email or phone');
  }
  refuseUnsupported(body);
  const email = normalizeEmail(rawEmail);
  if (deps.store.findUserByEmail(email)) throw emailExists();
  const password = optionalString(body, 'password') || randomBytes(48).toString('base64url');
  assertNotTooLong(password);
  const id = customId(body);
  const userMetadata = optionalObject(body, 'user_metadata') ?? {};
  const appMetadata = optionalObject(body, 'app_metadata') ?? {};
  const emailConfirmed = optionalBoolean(body, 'email_confirm');

  const passwordHash = await hashPassword(password);
  const user = deps.store.createUser({
    email,
    passwordHash,
    userMetadata,
    appMetadata,
    emailConfirmed,
    id,
    createdByAdmin: true,
  });
  if (!user) {
    if (id && deps.store.findUserById(id))
      throw new AuthError(422, 'user_already_exists', 'A user with this ID already exists');
    throw emailExists();
  }
  return { status: 200, body: toUserJson(user) };
};

function pageParameter(url: URL, name: string, fallback: number, minimum: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < minimum) {
    throw new AuthError(
      400,
      'validation_failed',
      `Bad Pagination Parameters: ${name} must be an integer of at least ${minimum}`,
    );
  }
  return Number(raw);
}

/** GoTrue's `addPaginationHeaders`: `rel="next"` while pages remain, `rel="last"` always. */
function paginationHeaders(url: URL, page: number, perPage: number, total: number): Record<string, string> {
  const totalPages = Math.ceil(total / perPage);
  const link = (target: number) => {
    const query = new URLSearchParams(url.searchParams);
    query.set('page', String(target));
    query.sort();
    return `<${url.pathname}?${query.toString()}>`;
  };
  const next = totalPages > page ? `${link(page + 1)}; rel="next", ` : '';
  return { Link: `${next}${link(totalPages)}; rel="last"`, 'X-Total-Count': String(total) };
}

/**
 * `GET /auth/v1/admin/users?page=&per_page=&filter=`: newest first, 50 a page by default; `filter`
 * keeps users whose email contains it.
 *
 * @example
 * // GET /auth/v1/admin/users?page=1&per_page=2 → 200 {"users":[…],"aud":"authenticated"}, Link, X-Total-Count
 */
export const adminListUsers: Endpoint = async (request, deps) => {
  await requireAdmin(request, deps);
  const page = Math.max(1, pageParameter(request.url, 'page', 1, 0));
  const perPage = pageParameter(request.url, 'per_page', DEFAULT_PER_PAGE, 1);
  const filter = (request.url.searchParams.get('filter') ?? '').toLowerCase();
  const users = deps.store.listUsers().filter((user) => user.email.includes(filter));
  const slice = users.slice((page - 1) * perPage, page * perPage);
  return {
    status: 200,
    body: { users: slice.map(toUserJson), aud: 'authenticated' },
    headers: paginationHeaders(request.url, page, perPage, users.length),
  };
};

/** `GET /auth/v1/admin/users/{user_id}`. */
export const adminGetUser: Endpoint = async (request, deps) => {
  const user = await loadUser(request, deps);
  return { status: 200, body: toUserJson(user) };
};

/**
 * `PUT /auth/v1/admin/users/{user_id}`: email (set at once), password (ends every session of the
 * user), `user_metadata`, `app_metadata`, `email_confirm`.
 *
 * @example
 * // PUT /auth/v1/admin/users/<id> {"app_metadata":{"plan":"pro"}} → 200 user
 */
export const adminUpdateUser: Endpoint = async (request, deps) => {
  const user = await loadUser(request, deps);
  const body = await request.body();
  const rawEmail = optionalString(body, 'email');
  const email = rawEmail ? normalizeEmail(rawEmail) : undefined;
  refuseUnsupported(body);
  const password = optionalString(body, 'password');
  if (password !== undefined) checkPasswordStrength(password);
  const userMetadata = optionalObject(body, 'user_metadata');
  const appMetadata = optionalObject(body, 'app_metadata');
  const confirmEmail = optionalBoolean(body, 'email_confirm');
  // GoTrue lets the database refuse a taken email (a 500); the emulator answers as updateUser does.
  if (email !== undefined && email !== user.email && deps.store.findUserByEmail(email)) throw emailExists();
  const passwordHash = password === undefined ? undefined : await hashPassword(password);
  const applied = deps.store.updateUser(user, {
    ...(email === undefined ? {} : { email }),
    ...(passwordHash === undefined ? {} : { passwordHash, keepSessionId: null }),
    ...(userMetadata ? { userMetadata } : {}),
    ...(appMetadata ? { appMetadata } : {}),
    confirmEmail,
  });
  if (!applied) throw emailExists();
  return { status: 200, body: toUserJson(user) };
};

/**
 * `DELETE /auth/v1/admin/users/{user_id}`: deletes the user with its sessions. A soft delete
 * (`should_soft_delete`) deletes too: the emulator keeps no deleted users.
 *
 * @example
 * // DELETE /auth/v1/admin/users/<id> → 200 {}
 */
export const adminDeleteUser: Endpoint = async (request, deps) => {
  const user = await loadUser(request, deps);
  deps.store.deleteUser(user);
  return { status: 200, body: {} };
};
