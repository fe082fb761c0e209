/**
 * GoTrue's `requireAdminCredentials` behind Supabase's gateway: the admin routes need a bearer
 * whose role is `service_role` or `supabase_admin`. The gateway stands a role JWT in for the new
 * API keys, so `Bearer sb_secret_…` (or no `Authorization` with `apikey: sb_secret_…`) is
 * `service_role` and the publishable key is `anon`; a JWT is verified (the legacy keys HS256 with
 * the JWT secret, anything else ES256 against the signing keys) and its `role` claim decides.
 */
import type { IncomingMessage } from 'node:http';
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { apiKeyRole, presentedApiKey } from './api-key';
import { AuthError } from './auth-error';
import type { EndpointDeps, EndpointRequest } from './endpoint';
import { requireAuthentication, whyInvalid } from './require-authentication';

const ADMIN_ROLES = new Set(['service_role', 'supabase_admin']);
const BEARER = /^[Bb]earer (\S+)$/;

async function verifiedClaims(token: string, deps: EndpointDeps): Promise<JWTPayload> {
  try {
    const { alg } = decodeProtectedHeader(token);
    if (alg === 'HS256') {
      const { payload } = await jwtVerify(token, Buffer.from(deps.jwtSecret), {
        algorithms: ['HS256'],
        currentDate: deps.now(),
      });
      return payload;
    }
    return await deps.keys.verify(token, deps.now());
  } catch (error) {
    throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${whyInvalid(error)}`, {
      cause: error,
    });
  }
}

async function bearerRole(req: IncomingMessage, url: URL, deps: EndpointDeps): Promise<unknown> {
  const bearer = BEARER.exec(req.headers.authorization ?? '')?.[1];
  const key = bearer ?? presentedApiKey(req, url) ?? '';
  const keyRole = apiKeyRole(key, deps.apiKeys);
  if (keyRole) return keyRole;
  if (!bearer) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  const claims = await verifiedClaims(bearer, deps);
  // A user's token must still name a live session, as GoTrue checks before the role.
  if (typeof claims.session_id === 'string' && claims.session_id !== '') await requireAuthentication(req, deps);
  return claims.role;
}

/**
 * Throws GoTrue's answer unless the request carries admin credentials.
 *
 * @example
 * await requireAdmin(request, deps); // 403 not_admin for the publishable key
 */
export async function requireAdmin(request: EndpointRequest, deps: EndpointDeps): Promise<void> {
  const role = await bearerRole(request.req, request.url, deps);
  if (typeof role !== 'string' || !ADMIN_ROLES.has(role)) throw new AuthError(403, 'not_admin', 'User not allowed');
}
