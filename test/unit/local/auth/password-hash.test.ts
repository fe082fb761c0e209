import { decoyPasswordHash, hashPassword, verifyPassword } from '../../../../local/auth/password-hash';

describe('password hashing', () => {
  it('accepts the password it hashed and refuses any other', async () => {
    const stored = await hashPassword('correct horse');

    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash, so one password never hashes the same twice', async () => {
    const [first, second] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);

    expect(first).not.toBe(second);
    expect(first.split('$')[4]).not.toBe(second.split('$')[4]);
  });

  it('stores scrypt with its parameters, a 16-byte salt and never the password itself', async () => {
    const stored = await hashPassword('correct horse');
    const [scheme, n, r, p, salt, hash] = stored.split('$');

    expect([scheme, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64url')).toHaveLength(32);
    expect(stored).not.toContain('correct');
  });

  it('treats a malformed stored value as a mismatch rather than an error', async () => {
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$salt$hash')).toBe(false);
  });

  it('offers one decoy hash that matches no guessable password', async () => {
    const decoy = await decoyPasswordHash();

    expect(await decoyPasswordHash()).toBe(decoy);
    expect(await verifyPassword('', decoy)).toBe(false);
  });
});
