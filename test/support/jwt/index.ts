/**
 * The JWT test kit: real ES256 keys, Supabase-shaped tokens minted with jose, and a loopback JWKS
 * server. Import from `test/support/jwt`.
 *
 * @example
 * const key = generateEs256Key();
 * const server = await startJwksServer([key]);
 * const token = await mintAccessToken(key, supabaseClaims({ issuer: server.issuer }));
 */
export { generateEs256Key, generateOtherKey, type PublicJwk, type TestSigningKey } from './keys';
export {
  base64url,
  mintAccessToken,
  signCompact,
  signHs256,
  supabaseClaims,
  withSignature,
  type Claims,
  type SupabaseAccessTokenClaims,
  type SupabaseClaimsOptions,
} from './tokens';
export { JWKS_PATH, startJwksServer, type JwksServer, type JwksServerMode } from './jwks-server';
export { tokenEvent, TEST_METHOD_ARN } from './events';
export { coldStartHandler, type ColdStartedHandler } from './cold-start';
