/**
 * The emulator's ES256 signing keys and their lifecycle, as Supabase's asymmetric signing keys:
 * one key in use signs; rotation makes a fresh key the one in use and keeps the old one
 * published as "previously used" (tokens it signed stay verifiable); a revoked key is no longer
 * published nor trusted. Keys are plain JWKs so the whole ring can be persisted.
 */
import { randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

export type SigningKeyStatus = 'in_use' | 'previously_used' | 'revoked';

/** One key as persisted: the private JWK never leaves the emulator. */
export interface StoredSigningKey {
  kid: string;
  status: SigningKeyStatus;
  createdAt: string;
  privateJwk: JWK;
}

/** A key as the JWKS publishes it (Supabase's shape; WebCrypto needs `key_ops: ["verify"]`). */
export interface PublishedJwk {
  alg: 'ES256';
  crv: 'P-256';
  ext: true;
  key_ops: ['verify'];
  kid: string;
  kty: 'EC';
  use: 'sig';
  x: string;
  y: string;
}

async function generateStoredKey(): Promise<StoredSigningKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    kid: randomUUID(),
    status: 'in_use',
    createdAt: new Date().toISOString(),
    privateJwk: await exportJWK(privateKey),
  };
}

function publish(key: StoredSigningKey): PublishedJwk {
  const { x, y } = key.privateJwk;
  if (!x || !y) throw new Error(`signing key ${key.kid} is not an EC key`);
  return { alg: 'ES256', crv: 'P-256', ext: true, key_ops: ['verify'], kid: key.kid, kty: 'EC', use: 'sig', x, y };
}

/**
 * The set of signing keys.
 *
 * @example
 * const ring = await SigningKeyRing.create();
 * const jwt = await ring.sign({ sub: '…' });
 * const { kid } = await ring.rotate(); // jwt still verifies: its key is now "previously used"
 */
export class SigningKeyRing {
  private keys: StoredSigningKey[];
  private readonly imported = new Map<string, ImportedKey>();

  private constructor(keys: StoredSigningKey[]) {
    if (keys.filter((key) => key.status === 'in_use').length !== 1) {
      throw new Error('a signing key ring needs exactly one key in use');
    }
    this.keys = keys;
  }

  /** A ring with one freshly generated key in use. */
  static async create(): Promise<SigningKeyRing> {
    return new SigningKeyRing([await generateStoredKey()]);
  }

  /** A ring restored from {@link SigningKeyRing.snapshot}. */
  static restore(keys: StoredSigningKey[]): SigningKeyRing {
    return new SigningKeyRing(keys.map((key) => ({ ...key })));
  }

  /** Every key with its private part, for persistence. */
  snapshot(): StoredSigningKey[] {
    return this.keys.map((key) => ({ ...key }));
  }

  /** The `kid` of the key that signs now. */
  get currentKid(): string {
    return this.current().kid;
  }

  /** Makes a new key the one in use; the old one stays published and trusted. */
  async rotate(): Promise<{ kid: string }> {
    const next = await generateStoredKey();
    this.keys = [
      ...this.keys.map((key) => (key.status === 'in_use' ? { ...key, status: 'previously_used' as const } : key)),
      next,
    ];
    return { kid: next.kid };
  }

  /** Stops publishing and trusting a previously used key; the key in use cannot be revoked. */
  revoke(kid: string): void {
    const key = this.keys.find((candidate) => candidate.kid === kid);
    if (!key) throw new Error(`no signing key ${kid}`);
    if (key.status === 'in_use') throw new Error('the signing key in use cannot be revoked; rotate first');
    key.status = 'revoked';
  }

  /** The public JWKS: the key in use first, then the previously used ones. */
  jwks(): { keys: PublishedJwk[] } {
    const published = this.keys.filter((key) => key.status !== 'revoked');
    published.sort((a, b) => Number(b.status === 'in_use') - Number(a.status === 'in_use'));
    return { keys: published.map(publish) };
  }

  /** Signs `claims` as an ES256 JWT with header `{alg, kid, typ: "JWT"}`. */
  async sign(claims: JWTPayload): Promise<string> {
    const key = this.current();
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .sign(await this.privateKey(key));
  }

  /** Verifies signature (ES256, a published key) and `exp`/`nbf` at `now`, as GoTrue does for `/user`. */
  async verify(token: string, now: Date = new Date()): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, createLocalJWKSet(this.jwks()), {
      algorithms: ['ES256'],
      currentDate: now,
    });
    return payload;
  }

  private current(): StoredSigningKey {
    const key = this.keys.find((candidate) => candidate.status === 'in_use');
    if (!key) throw new Error('no signing key in use');
    return key;
  }

  private async privateKey(key: StoredSigningKey): Promise<ImportedKey> {
    let imported = this.imported.get(key.kid);
    if (!imported) {
      imported = await importJWK(key.privateJwk, 'ES256');
      this.imported.set(key.kid, imported);
    }
    return imported;
  }
}
