/** `GET /auth/v1/user`: the signed-in user, fetched fresh (supabase-js `getUser()`). */
import type { Endpoint } from '../endpoint';
import { requireAuthentication } from '../require-authentication';
import { toUserJson } from '../user-json';

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
