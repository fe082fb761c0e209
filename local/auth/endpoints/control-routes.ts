/**
 * The `/_local/...` HTTP face of the control levers, for a stack running as a child process.
 * Mounted only when `controlEnabled` is set; never part of Supabase's API.
 */
import { AuthError } from '../auth-error';
import type { AuthEmulatorControl } from '../control';
import type { Endpoint } from '../endpoint';

/**
 * Builds the control endpoints over `control`.
 *
 * @example
 * // POST /_local/signing-keys/rotate → 200 {"kid":"…"}
 * // POST /_local/signing-keys/revoke {"kid":"…"} → 204
 * // POST /_local/jwks/down → 204, POST /_local/jwks/up → 204
 * // POST /_local/access-tokens {"claims":{"exp":1},"remove":["session_id"]} → 200 {"access_token":"…"}
 */
export function controlEndpoints(control: AuthEmulatorControl): Record<string, Endpoint> {
  return {
    rotateSigningKey: async () => ({ status: 200, body: await control.rotateSigningKey() }),

    revokeSigningKey: async (request) => {
      const { kid } = await request.body();
      if (typeof kid !== 'string') throw new AuthError(400, 'validation_failed', 'kid (string) is required');
      try {
        control.revokeSigningKey(kid);
      } catch (error) {
        throw new AuthError(400, 'validation_failed', (error as Error).message);
      }
      return { status: 204 };
    },

    jwksDown: async () => {
      control.setJwksAvailable(false);
      return { status: 204 };
    },

    jwksUp: async () => {
      control.setJwksAvailable(true);
      return { status: 204 };
    },

    signAccessToken: async (request) => {
      const { claims = {}, remove = [] } = await request.body();
      if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
        throw new AuthError(400, 'validation_failed', 'claims must be a JSON object');
      }
      if (!Array.isArray(remove) || !remove.every((name) => typeof name === 'string')) {
        throw new AuthError(400, 'validation_failed', 'remove must be an array of claim names');
      }
      const overrides: Record<string, unknown> = { ...claims };
      for (const name of remove) overrides[name] = undefined;
      return { status: 200, body: { access_token: await control.signAccessToken(overrides) } };
    },
  };
}
