/**
 * Real signing keys for tests: ES256 (P-256) key pairs shaped like Supabase's published keys,
 * and the wrong kinds of key an attacker or a misconfiguration might bring.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';

/** A public JWK as a JWKS publishes it. */
export type PublicJwk = Record<string, unknown> & { kty: string; kid: string };

/** A key pair with the public half in JWK form. */
export interface TestSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** As Supabase publishes it: `{kty, crv, kid, alg, use, key_ops, ext, x, y}`. */
  publicJwk: PublicJwk;
}

/**
 * A fresh ES256 key pair.
 *
 * @example
 * const key = generateEs256Key();
 * server.publish([key]);
 */
export function generateEs256Key(kid: string = randomUUID()): TestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  return {
    kid,
    privateKey,
    publicKey,
    publicJwk: { kty: kty ?? 'EC', crv, kid, alg: 'ES256', use: 'sig', key_ops: ['verify'], ext: true, x, y },
  };
}

/**
 * A key pair of another type, published under `kid` as-is (no `alg`), for key-confusion cases.
 *
 * @example
 * const rsa = generateOtherKey('rsa');
 */
export function generateOtherKey(type: 'rsa' | 'p384' | 'ed25519', kid: string = randomUUID()): TestSigningKey {
  const pair =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : type === 'p384'
        ? generateKeyPairSync('ec', { namedCurve: 'P-384' })
        : generateKeyPairSync('ed25519');
  const jwk = pair.publicKey.export({ format: 'jwk' });
  return {
    kid,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    publicJwk: { ...jwk, kty: jwk.kty ?? 'EC', kid, use: 'sig' },
  };
}
