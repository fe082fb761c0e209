/** `POST /auth/v1/token`: dispatches on the `grant_type` query parameter, as GoTrue does. */
import { AuthError } from '../auth-error';
import type { Endpoint } from '../endpoint';
import { passwordGrant } from './password-grant';
import { refreshTokenGrant } from './refresh-token-grant';

const GRANTS: Record<string, Endpoint> = { password: passwordGrant, refresh_token: refreshTokenGrant };

/**
 * The token endpoint.
 *
 * @example
 * // POST /auth/v1/token?grant_type=password … or ?grant_type=refresh_token …
 */
export const token: Endpoint = async (request, deps) => {
  const grantType = request.url.searchParams.get('grant_type') ?? '';
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (!grant) {
    throw new AuthError(
      400,
      'validation_failed',
      `unsupported_grant_type: ${JSON.stringify(grantType)} (the emulator supports password and refresh_token)`,
    );
  }
  return grant(request, deps);
};
