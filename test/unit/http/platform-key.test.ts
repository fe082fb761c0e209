import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ApiError } from '../../../lambdas/shared/api-error';
import { ConfigError } from '../../../lambdas/shared/env';
import { cachedSecretPlatformKey, keysMatch, requirePlatformKey, staticPlatformKey } from '../../../lambdas/shared/http/platform-key';
import { secretsManagerReader } from '../../../lambdas/shared/http/secret-reader';

const KEY = 'pk_live_0123456789abcdefghij';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform-key-AbCdEf';

/** A loopback Secrets Manager (awsJson1.1 `GetSecretValue`) that counts calls and can fail on demand. */
function secretsManager() {
  const state = { calls: 0, failNext: 0, value: KEY as string | undefined };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      state.calls++;
      const target = req.headers['x-amz-target'];
      const { SecretId } = JSON.parse(raw) as { SecretId: string };
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (state.failNext > 0 || target !== 'secretsmanager.GetSecretValue' || SecretId !== SECRET_ARN) {
        state.failNext = Math.max(0, state.failNext - 1);
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
        return;
      }
      res.end(JSON.stringify({ ARN: SECRET_ARN, Name: 'platform-key', VersionId: 'v1', SecretString: state.value, CreatedDate: 1_700_000_000 }));
    });
  });
  return { server, state };
}

describe('keysMatch', () => {
  it('accepts the exact key only', () => {
    expect(keysMatch(KEY, KEY)).toBe(true);
    expect(keysMatch(`${KEY.slice(0, -1)}X`, KEY)).toBe(false);
  });

  it('compares keys of different lengths without throwing', () => {
    // timingSafeEqual throws on unequal lengths; hashing first keeps the comparison constant-time.
    expect(keysMatch(KEY.slice(0, 5), KEY)).toBe(false);
    expect(keysMatch(`${KEY}${KEY}`, KEY)).toBe(false);
    expect(keysMatch('', KEY)).toBe(false);
    expect(keysMatch(undefined, KEY)).toBe(false);
  });
});

describe('requirePlatformKey', () => {
  it('answers 403 forbidden for a missing or wrong key', async () => {
    const source = staticPlatformKey(KEY);
    await expect(requirePlatformKey(undefined, source)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(requirePlatformKey('wrong', source)).rejects.toThrow('missing or invalid platform key');
    await expect(requirePlatformKey(KEY, source)).resolves.toBeUndefined();
  });

  it('refuses a configured key shorter than API Gateway allows', () => {
    expect(() => staticPlatformKey('short')).toThrow(ConfigError);
  });
});

describe('cachedSecretPlatformKey', () => {
  const { server, state } = secretsManager();
  let client: SecretsManagerClient;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new SecretsManagerClient({ region: 'eu-west-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    Object.assign(state, { calls: 0, failNext: 0, value: KEY });
  });

  it('fetches the secret once and keeps it for the container\'s life', async () => {
    const source = cachedSecretPlatformKey(SECRET_ARN, secretsManagerReader(client));
    await Promise.all([source(), source(), source()]);
    expect(await source()).toBe(KEY);
    expect(state.calls).toBe(1);
  });

  it('answers 503 when the secret cannot be read, and tries again on the next request', async () => {
    state.failNext = 1;
    const source = cachedSecretPlatformKey(SECRET_ARN, secretsManagerReader(client));
    await expect(source()).rejects.toMatchObject({ code: 'service_unavailable' });
    expect(await source()).toBe(KEY);
    expect(state.calls).toBe(2);
  });

  it('treats a secret too short to be a key as a misconfiguration, not a key', async () => {
    state.value = 'tiny';
    const source = cachedSecretPlatformKey(SECRET_ARN, secretsManagerReader(client));
    await expect(source()).rejects.toBeInstanceOf(ApiError);
    await expect(source()).rejects.toMatchObject({ code: 'internal_error' });
  });
});
