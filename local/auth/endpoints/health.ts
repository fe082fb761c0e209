/** `GET /auth/v1/health`, GoTrue's liveness answer. */
import type { Endpoint } from '../endpoint';

/**
 * Says the emulator is up.
 *
 * @example
 * // GET /auth/v1/health → 200 {"version":"local","name":"GoTrue","description":"…"}
 */
export const health: Endpoint = async () => ({
  status: 200,
  body: { version: 'local', name: 'GoTrue', description: 'Local Supabase Auth emulator (a subset of GoTrue)' },
});
