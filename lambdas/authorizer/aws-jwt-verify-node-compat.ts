/**
 * aws-jwt-verify's Node compatibility layer (its `#node-web-compat` import), substituted in every
 * Lambda bundle by `LAMBDA_SUBSTITUTIONS` in `lib/bundling.ts`. Identical to the library's
 * `node-web-compat-node.js` except that `fetch` loads `node:https` when it is first called: the
 * original imports it statically, which adds 35–45 ms to every cold start even when (as in the
 * authorizer) the library's fetch is never used. Unbundled code (the tests) uses the original.
 */
import { createPublicKey, createVerify, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { fetchDocument } from './jwks-fetcher';

/** OpenSSL digest names per JWS algorithm, as the library has them (`RSA-SHA*` serves ECDSA too). */
const DIGESTS: Record<string, string> = {
  RS256: 'RSA-SHA256',
  RS384: 'RSA-SHA384',
  RS512: 'RSA-SHA512',
  ES256: 'RSA-SHA256',
  ES384: 'RSA-SHA384',
  ES512: 'RSA-SHA512',
};

interface SignatureInput {
  alg: string;
  keyObject: KeyObject;
  jwsSigningInput: string;
  signature: string;
}

const jwkToKey = (jwk: JsonWebKey): KeyObject => createPublicKey({ key: jwk, format: 'jwk' });
const verifySignatureSync = ({ alg, keyObject, jwsSigningInput, signature }: SignatureInput): boolean =>
  alg !== 'EdDSA'
    ? createVerify(DIGESTS[alg]!)
        .update(jwsSigningInput)
        .verify({ key: keyObject, dsaEncoding: 'ieee-p1363' }, signature, 'base64')
    : verify(null, Buffer.from(jwsSigningInput), keyObject, Buffer.from(signature, 'base64'));

/**
 * The library's `nodeWebCompat` object.
 *
 * @example
 * nodeWebCompat.verifySignatureSync({ alg: 'ES256', keyObject, jwsSigningInput, signature });
 */
export const nodeWebCompat = {
  fetch: (uri: string, requestOptions?: Record<string, unknown>, data?: ArrayBuffer) =>
    fetchDocument(uri, requestOptions, data),
  transformJwkToKeyObjectSync: jwkToKey,
  transformJwkToKeyObjectAsync: async (jwk: JsonWebKey) => jwkToKey(jwk),
  parseB64UrlString: (b64: string) => Buffer.from(b64, 'base64').toString('utf8'),
  verifySignatureSync,
  verifySignatureAsync: async (args: SignatureInput) => verifySignatureSync(args),
  defaultFetchTimeouts: { socketIdle: 1500, response: 3000 },
  setTimeoutUnref: (...args: Parameters<typeof setTimeout>) => setTimeout(...args).unref(),
  transformPemToJwk: async (pem: string) =>
    createPublicKey({ key: Buffer.from(pem), format: 'pem' }).export({ format: 'jwk' }),
};
