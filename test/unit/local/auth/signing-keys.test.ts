import { decodeProtectedHeader, errors } from 'jose';
import { SigningKeyRing } from '../../../../local/auth/signing-keys';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the signing key ring', () => {
  it("publishes its key in Supabase's JWK shape, without the private part", async () => {
    const ring = await SigningKeyRing.create();

    const { keys } = ring.jwks();

    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(Object.keys(key!).sort()).toEqual(['alg', 'crv', 'ext', 'key_ops', 'kid', 'kty', 'use', 'x', 'y']);
    expect(key).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      key_ops: ['verify'],
      ext: true,
      kid: ring.currentKid,
    });
    expect(key!.kid).toMatch(UUID);
    expect(key).not.toHaveProperty('d');
  });

  it('signs ES256 with the header {alg, kid, typ} and verifies what it signed', async () => {
    const ring = await SigningKeyRing.create();

    const token = await ring.sign({ sub: 'someone', exp: Math.floor(Date.now() / 1000) + 60 });

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: ring.currentKid, typ: 'JWT' });
    expect(await ring.verify(token)).toMatchObject({ sub: 'someone' });
  });

  it('signs with the new key after a rotation and keeps the old key published and trusted', async () => {
    const ring = await SigningKeyRing.create();
    const oldKid = ring.currentKid;
    const before = await ring.sign({ sub: 'before' });

    const { kid } = await ring.rotate();
    const after = await ring.sign({ sub: 'after' });

    expect(kid).not.toBe(oldKid);
    expect(ring.currentKid).toBe(kid);
    expect(decodeProtectedHeader(after).kid).toBe(kid);
    expect(ring.jwks().keys.map((key) => key.kid)).toEqual([kid, oldKid]);
    expect(await ring.verify(before)).toMatchObject({ sub: 'before' });
    expect(await ring.verify(after)).toMatchObject({ sub: 'after' });
  });

  it('stops publishing and trusting a revoked key', async () => {
    const ring = await SigningKeyRing.create();
    const oldKid = ring.currentKid;
    const before = await ring.sign({ sub: 'before' });
    await ring.rotate();

    ring.revoke(oldKid);

    expect(ring.jwks().keys.map((key) => key.kid)).not.toContain(oldKid);
    await expect(ring.verify(before)).rejects.toThrow('no applicable key found in the JSON Web Key Set');
  });

  it('refuses to revoke the key in use or an unknown key', async () => {
    const ring = await SigningKeyRing.create();

    expect(() => ring.revoke(ring.currentKid)).toThrow('the signing key in use cannot be revoked; rotate first');
    expect(() => ring.revoke('nope')).toThrow('no signing key nope');
  });

  it('refuses expired tokens and tokens of another algorithm', async () => {
    const ring = await SigningKeyRing.create();
    const expired = await ring.sign({ exp: Math.floor(Date.now() / 1000) - 10 });
    const [, payload, signature] = (await ring.sign({})).split('.');
    const hs256Header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: ring.currentKid, typ: 'JWT' })).toString(
      'base64url',
    );

    await expect(ring.verify(expired)).rejects.toThrow(errors.JWTExpired);
    await expect(ring.verify(`${hs256Header}.${payload}.${signature}`)).rejects.toThrow(errors.JOSEAlgNotAllowed);
  });

  it('restores from a snapshot with the same keys, so earlier tokens still verify', async () => {
    const ring = await SigningKeyRing.create();
    await ring.rotate();
    const token = await ring.sign({ sub: 'kept' });

    const restored = SigningKeyRing.restore(JSON.parse(JSON.stringify(ring.snapshot())));

    expect(restored.jwks()).toEqual(ring.jwks());
    expect(restored.currentKid).toBe(ring.currentKid);
    expect(await restored.verify(token)).toMatchObject({ sub: 'kept' });
  });

  it('refuses a snapshot without exactly one key in use', async () => {
    const ring = await SigningKeyRing.create();
    const keys = ring.snapshot().map((key) => ({ ...key, status: 'previously_used' as const }));

    expect(() => SigningKeyRing.restore(keys)).toThrow('a signing key ring needs exactly one key in use');
  });
});
