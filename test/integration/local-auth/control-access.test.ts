/**
 * The `/_local` levers mint valid tokens and take the JWKS down, so no web page may reach them:
 * they need the control token, answer no CORS, and the emulator answers only loopback `Host`
 * names (a DNS-rebinding page reaches 127.0.0.1 under its own name).
 */
import { request } from 'node:http';
import { startAuthEmulator, type AuthEmulator } from '../../../local/auth/server';
import { wire } from './harness';

const CONTROL_TOKEN_HEADER = 'X-Local-Control-Token';

/** A raw request with the `Host` header we choose (fetch would write its own). */
function withHost(
  emulator: AuthEmulator,
  path: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any }> {
  const { port } = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { ...headers, host } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the control routes', () => {
  let emulator: AuthEmulator;

  beforeEach(async () => {
    emulator = await startAuthEmulator({ controlEnabled: true });
  });

  afterEach(async () => {
    await emulator.close();
  });

  it('refuse a lever pulled without the control token, and leave the JWKS up', async () => {
    const response = await wire(emulator, '/_local/jwks/down', { method: 'POST', apiKey: false });

    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      code: 'no_authorization',
      message: 'The /_local control routes require the X-Local-Control-Token header',
    });
    expect((await wire(emulator, '/auth/v1/.well-known/jwks.json')).status).toBe(200);
  });

  it('refuse a wrong control token, even one of the right length', async () => {
    const wrong = emulator.controlToken!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));

    const minted = await wire(emulator, '/_local/access-tokens', {
      body: { claims: {} },
      apiKey: false,
      headers: { [CONTROL_TOKEN_HEADER]: wrong },
    });

    expect(minted.status).toBe(401);
    expect(minted.json).toEqual({ code: 'no_authorization', message: 'Invalid X-Local-Control-Token' });
  });

  it('answer the right control token', async () => {
    const minted = await wire(emulator, '/_local/access-tokens', {
      body: { claims: {} },
      apiKey: false,
      headers: { [CONTROL_TOKEN_HEADER]: emulator.controlToken! },
    });

    expect(minted.status).toBe(200);
    expect(minted.json.access_token).toEqual(expect.any(String));
  });

  it('send no CORS headers, to an answer or to a preflight, while /auth/v1 keeps them', async () => {
    const headers = { Origin: 'https://evil.example', [CONTROL_TOKEN_HEADER]: emulator.controlToken! };
    const lever = await wire(emulator, '/_local/signing-keys/rotate', { method: 'POST', apiKey: false, headers });
    const preflight = await fetch(`${emulator.url}/_local/access-tokens`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-local-control-token, content-type',
      },
    });
    const api = await wire(emulator, '/auth/v1/health', { headers: { Origin: 'https://app.example' } });

    expect(lever.status).toBe(200);
    expect(lever.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    expect(preflight.status).toBe(401);
    expect(api.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each(['localhost', 'localhost:54321', '127.0.0.1', '[::1]:8080', 'LOCALHOST'])(
    'answer the loopback Host %s',
    async (host) => {
      const response = await withHost(emulator, '/auth/v1/.well-known/jwks.json', host);

      expect(response.status).toBe(200);
    },
  );

  it.each([
    ['/_local/jwks/down', 'evil.example'],
    ['/_local/jwks/down', 'evil.example:54321'],
    ['/auth/v1/.well-known/jwks.json', 'rebind.evil.example'],
    ['/auth/v1/.well-known/jwks.json', '127.0.0.1.evil.example'],
  ])('refuse %s addressed to the Host %j with 421 (DNS rebinding)', async (path, host) => {
    const response = await withHost(emulator, path, host, {
      'X-Supabase-Api-Version': '2024-01-01',
      [CONTROL_TOKEN_HEADER]: emulator.controlToken!,
    });

    expect(response.status).toBe(421);
    expect(response.json).toEqual({ code: 'host_not_allowed', message: expect.stringContaining('loopback name') });
    expect((await wire(emulator, '/auth/v1/.well-known/jwks.json')).status).toBe(200);
  });
});

describe('the emulator interface', () => {
  it('refuses a non-loopback host unless allowRemote is given', async () => {
    await expect(startAuthEmulator({ host: '0.0.0.0' })).rejects.toThrow(
      'refusing to listen on 0.0.0.0: not a loopback interface',
    );
    await expect(startAuthEmulator({ host: '192.168.1.20' })).rejects.toThrow('not a loopback interface');
  });

  it('answers any Host with allowRemote, the control token still required', async () => {
    const emulator = await startAuthEmulator({ allowRemote: true, controlEnabled: true });
    try {
      const api = await withHost(emulator, '/auth/v1/.well-known/jwks.json', 'auth.dev.internal:54321');
      const lever = await withHost(emulator, '/_local/jwks/down', 'auth.dev.internal:54321');

      expect(api.status).toBe(200);
      expect(lever.status).toBe(401);
    } finally {
      await emulator.close();
    }
  });

  it('generates a new control token at each start, and none without the control routes', async () => {
    const first = await startAuthEmulator({ controlEnabled: true });
    const second = await startAuthEmulator({ controlEnabled: true });
    const off = await startAuthEmulator({});
    try {
      expect(first.controlToken).toMatch(/^[\w-]{43}$/);
      expect(second.controlToken).not.toBe(first.controlToken);
      expect(off.controlToken).toBeUndefined();
    } finally {
      await Promise.all([first.close(), second.close(), off.close()]);
    }
  });
});
