import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { startAuthEmulator, type AuthEmulator } from '../../../local/auth/server';
import { signUp, wire, type WireOptions } from './harness';

/** A control request as a test sends it: the control token, no API key. */
function lever(emulator: AuthEmulator, path: string, options: WireOptions = {}) {
  return wire(emulator, path, {
    method: 'POST',
    apiKey: false,
    ...options,
    headers: { 'X-Local-Control-Token': emulator.controlToken!, ...options.headers },
  });
}

async function jwksOf(emulator: AuthEmulator) {
  return (await wire(emulator, '/auth/v1/.well-known/jwks.json')).json as { keys: Array<{ kid: string }> };
}

/** Verifies with a freshly fetched JWKS, as a verifier whose cache expired would. */
async function verifiesAgainstServedJwks(emulator: AuthEmulator, token: string): Promise<boolean> {
  const jwks = await jwksOf(emulator);
  return jwtVerify(token, createLocalJWKSet(jwks as never), { issuer: emulator.issuer, algorithms: ['ES256'] }).then(
    () => true,
    () => false,
  );
}

describe('signing key control', () => {
  let emulator: AuthEmulator;

  beforeEach(async () => {
    emulator = await startAuthEmulator({ controlEnabled: true });
  });

  afterEach(async () => {
    await emulator.close();
  });

  it('signs with the new key after a rotation while tokens of the old key stay valid', async () => {
    const before = await signUp(emulator);
    const oldKid = decodeProtectedHeader(before.access_token).kid;

    const { kid } = await emulator.control.rotateSigningKey();
    const after = await signUp(emulator);

    expect(kid).not.toBe(oldKid);
    expect(decodeProtectedHeader(after.access_token).kid).toBe(kid);
    expect((await jwksOf(emulator)).keys.map((key) => key.kid)).toEqual([kid, oldKid]);
    expect(await verifiesAgainstServedJwks(emulator, before.access_token)).toBe(true);
    expect(await verifiesAgainstServedJwks(emulator, after.access_token)).toBe(true);
    expect((await wire(emulator, '/auth/v1/user', { bearer: before.access_token })).status).toBe(200);
  });

  it('refreshes a session started before the rotation into a token of the new key', async () => {
    const before = await signUp(emulator);
    const { kid } = await emulator.control.rotateSigningKey();

    const refreshed = await wire(emulator, '/auth/v1/token?grant_type=refresh_token', {
      body: { refresh_token: before.refresh_token },
    });

    expect(refreshed.status).toBe(200);
    expect(decodeProtectedHeader(refreshed.json.access_token).kid).toBe(kid);
  });

  it('stops trusting tokens of a revoked key', async () => {
    const before = await signUp(emulator);
    const oldKid = decodeProtectedHeader(before.access_token).kid!;
    await emulator.control.rotateSigningKey();

    emulator.control.revokeSigningKey(oldKid);
    const user = await wire(emulator, '/auth/v1/user', { bearer: before.access_token });

    expect((await jwksOf(emulator)).keys.map((key) => key.kid)).not.toContain(oldKid);
    expect(await verifiesAgainstServedJwks(emulator, before.access_token)).toBe(false);
    expect(user.status).toBe(403);
    expect(user.json).toEqual({
      code: 'bad_jwt',
      message: 'invalid JWT: unable to parse or verify signature, no published signing key matches the token',
    });
  });

  it('takes the JWKS down with 503 and brings it back', async () => {
    emulator.control.setJwksAvailable(false);
    const down = await wire(emulator, '/auth/v1/.well-known/jwks.json');
    emulator.control.setJwksAvailable(true);
    const up = await wire(emulator, '/auth/v1/.well-known/jwks.json');

    expect(down.status).toBe(503);
    expect(down.json).toMatchObject({ code: 'service_unavailable' });
    expect(up.status).toBe(200);
    expect(up.json.keys).toHaveLength(1);
  });

  it('offers the same levers over HTTP under /_local', async () => {
    const before = await signUp(emulator);
    const oldKid = decodeProtectedHeader(before.access_token).kid;

    const rotated = await lever(emulator, '/_local/signing-keys/rotate');
    const down = await lever(emulator, '/_local/jwks/down');
    const whileDown = await wire(emulator, '/auth/v1/.well-known/jwks.json');
    const up = await lever(emulator, '/_local/jwks/up');
    const revoked = await lever(emulator, '/_local/signing-keys/revoke', { body: { kid: oldKid } });
    const minted = await lever(emulator, '/_local/access-tokens', {
      body: { claims: { role: 'anon' }, remove: ['session_id'] },
    });

    expect(rotated.status).toBe(200);
    expect(rotated.json.kid).not.toBe(oldKid);
    expect([down.status, whileDown.status, up.status, revoked.status]).toEqual([204, 503, 204, 204]);
    expect((await jwksOf(emulator)).keys.map((key) => key.kid)).toEqual([rotated.json.kid]);
    const { payload } = await jwtVerify(minted.json.access_token, createLocalJWKSet((await jwksOf(emulator)) as never));
    expect(payload.role).toBe('anon');
    expect(payload).not.toHaveProperty('session_id');
  });

  it('answers a bad control request with validation_failed', async () => {
    const revokeInUse = await lever(emulator, '/_local/signing-keys/revoke', {
      body: { kid: (await jwksOf(emulator)).keys[0]!.kid },
    });
    const badClaims = await lever(emulator, '/_local/access-tokens', { body: { claims: 'admin' } });

    expect(revokeInUse.status).toBe(400);
    expect(revokeInUse.json).toEqual({
      code: 'validation_failed',
      message: 'the signing key in use cannot be revoked; rotate first',
    });
    expect(badClaims.json).toEqual({ code: 'validation_failed', message: 'claims must be a JSON object' });
  });
});

describe('the control routes when control is not enabled', () => {
  it('do not exist', async () => {
    const emulator = await startAuthEmulator({});
    try {
      const response = await wire(emulator, '/_local/signing-keys/rotate', { method: 'POST' });

      expect(response.status).toBe(404);
      expect((await jwksOf(emulator)).keys).toHaveLength(1);
    } finally {
      await emulator.close();
    }
  });
});
