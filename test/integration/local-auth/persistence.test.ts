import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { STATE_FILE_NAME } from '../../../local/auth/state-file';
import { startAuthEmulator } from '../../../local/auth/server';
import { PASSWORD, signUp, uniqueEmail, wire } from './harness';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'auth-emulator-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the auth emulator with a data directory', () => {
  it('keeps users, sessions, the signing keys and the API keys across a restart', async () => {
    const first = await startAuthEmulator({ dataDir });
    const email = uniqueEmail('persist');
    const session = await signUp(first, email);
    const { kid } = await first.control.rotateSigningKey();
    const afterRotation = await wire(first, '/auth/v1/token?grant_type=refresh_token', {
      body: { refresh_token: session.refresh_token },
    });
    const jwksBefore = (await wire(first, '/auth/v1/.well-known/jwks.json')).json;
    await first.close();

    // No reuse interval, so the replay below is refused however fast the test runs.
    const second = await startAuthEmulator({ dataDir, refreshTokenReuseIntervalSeconds: 0 });
    try {
      expect(second.anonKey).toBe(first.anonKey);
      expect(second.serviceRoleKey).toBe(first.serviceRoleKey);
      expect(second.legacyServiceRoleKey).toBe(first.legacyServiceRoleKey);
      expect((await wire(second, '/auth/v1/.well-known/jwks.json')).json).toEqual(jwksBefore);
      expect((await wire(second, '/auth/v1/user', { bearer: session.access_token })).json.email).toBe(email);
      const refreshed = await wire(second, '/auth/v1/token?grant_type=refresh_token', {
        body: { refresh_token: afterRotation.json.refresh_token },
      });
      expect(refreshed.status).toBe(200);
      expect(decodeProtectedHeader(refreshed.json.access_token).kid).toBe(kid);
      const spent = await wire(second, '/auth/v1/token?grant_type=refresh_token', {
        body: { refresh_token: session.refresh_token },
      });
      expect(spent.json.code).toBe('refresh_token_already_used');
      expect(
        (await wire(second, '/auth/v1/token?grant_type=password', { body: { email, password: PASSWORD } })).status,
      ).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('writes a file only its owner can read, with no password or refresh token in clear', async () => {
    const emulator = await startAuthEmulator({ dataDir });
    const session = await signUp(emulator);
    await emulator.close();

    const path = join(dataDir, STATE_FILE_NAME);
    const text = readFileSync(path, 'utf8');

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(session.refresh_token);
    expect(text).toContain('scrypt$');
  });

  it('refuses to start on a file it did not write rather than wiping it', async () => {
    writeFileSync(join(dataDir, STATE_FILE_NAME), JSON.stringify({ something: 'else' }));

    await expect(startAuthEmulator({ dataDir })).rejects.toThrow('is not an auth emulator state file (version 1)');
  });
});

describe('the auth emulator without a data directory', () => {
  it('forgets everything on restart', async () => {
    const first = await startAuthEmulator({});
    const email = uniqueEmail('forget');
    await signUp(first, email);
    await first.close();

    const second = await startAuthEmulator({});
    try {
      expect(second.anonKey).not.toBe(first.anonKey);
      expect(
        (await wire(second, '/auth/v1/token?grant_type=password', { body: { email, password: PASSWORD } })).json.code,
      ).toBe('invalid_credentials');
    } finally {
      await second.close();
    }
  });
});

describe('the auth emulator options', () => {
  it('refuses an invalid port or TTL', async () => {
    await expect(startAuthEmulator({ port: 70000 })).rejects.toThrow(
      'port must be an integer from 0 to 65535, got 70000',
    );
    await expect(startAuthEmulator({ accessTokenTtlSeconds: 0 })).rejects.toThrow(
      'accessTokenTtlSeconds must be a positive integer, got 0',
    );
  });

  it('rejects when the port is taken', async () => {
    const first = await startAuthEmulator({});
    try {
      const port = Number(new URL(first.url).port);

      await expect(startAuthEmulator({ port })).rejects.toThrow('EADDRINUSE');
    } finally {
      await first.close();
    }
  });
});
