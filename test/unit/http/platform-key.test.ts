import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { ApiError } from '../../../lambdas/shared/api-error';
import { ConfigError } from '../../../lambdas/shared/env';
import {
  keysMatch,
  requirePlatformKey,
  secretPlatformKeys,
  staticPlatformKey,
} from '../../../lambdas/shared/http/platform-key';
import { secretsManagerReader } from '../../../lambdas/shared/aws/secret-reader';

const KEY = 'pk_live_0123456789abcdefghij';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform-key-AbCdEf';

const OLD_KEY = 'pk_live_previous_9876543210zyxw';
const NEW_KEY = 'pk_live_rotated_abcdefghijklmnop';

/**
 * A loopback Secrets Manager (awsJson1.1) that counts calls and can fail on demand:
 * `GetSecretValue` by `VersionStage`, with each version's `CreatedDate`; `put-secret-value` as
 * `rotate` (the new value becomes AWSCURRENT, created at the time given, the old one AWSPREVIOUS);
 * and `UpdateSecretVersionStage` removing AWSPREVIOUS, the README's emergency procedure.
 */
function secretsManager() {
  const state = {
    calls: 0,
    failNext: 0,
    reportCreatedDate: true,
    current: KEY as string | undefined,
    currentCreatedMs: 0,
    previous: undefined as string | undefined,
    previousCreatedMs: 0,
  };
  const versionIdOf = (value: string) => `version-of-${value}`;
  const rotate = (value: string, atMs: number): void => {
    Object.assign(state, {
      previous: state.current,
      previousCreatedMs: state.currentCreatedMs,
      current: value,
      currentCreatedMs: atMs,
    });
  };
  function getSecretValue(stage: string): object | undefined {
    const [value, createdMs] =
      stage === 'AWSCURRENT'
        ? [state.current, state.currentCreatedMs]
        : stage === 'AWSPREVIOUS'
          ? [state.previous, state.previousCreatedMs]
          : [undefined, 0];
    if (value === undefined) return undefined;
    return {
      ARN: SECRET_ARN,
      Name: 'platform-key',
      VersionId: versionIdOf(value),
      SecretString: value,
      VersionStages: [stage],
      ...(state.reportCreatedDate ? { CreatedDate: createdMs / 1000 } : {}),
    };
  }
  function updateSecretVersionStage(request: { VersionStage?: string; RemoveFromVersionId?: string }) {
    if (request.VersionStage !== 'AWSPREVIOUS' || state.previous === undefined) return undefined;
    if (request.RemoveFromVersionId !== versionIdOf(state.previous)) return undefined;
    state.previous = undefined;
    return { ARN: SECRET_ARN, Name: 'platform-key' };
  }
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      state.calls++;
      const target = req.headers['x-amz-target'];
      const request = JSON.parse(raw) as { SecretId: string; VersionStage?: string; RemoveFromVersionId?: string };
      const answer =
        state.failNext > 0 || request.SecretId !== SECRET_ARN
          ? undefined
          : target === 'secretsmanager.GetSecretValue'
            ? getSecretValue(request.VersionStage ?? 'AWSCURRENT')
            : target === 'secretsmanager.UpdateSecretVersionStage'
              ? updateSecretVersionStage(request)
              : undefined;
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (answer === undefined) {
        state.failNext = Math.max(0, state.failNext - 1);
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            __type: 'ResourceNotFoundException',
            message: `Secrets Manager can't find the specified secret value for staging label: ${request.VersionStage}`,
          }),
        );
        return;
      }
      res.end(JSON.stringify(answer));
    });
  });
  return { server, state, rotate, versionIdOf };
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

const MINUTE = 60_000;
const GRACE_MS = 60 * MINUTE;

describe('secretPlatformKeys', () => {
  const { server, state, rotate: rotateAt, versionIdOf } = secretsManager();
  let client: SecretsManagerClient;
  let clock: { now: number };
  const rotate = (value: string) => rotateAt(value, clock.now);
  const source = () =>
    secretPlatformKeys(SECRET_ARN, secretsManagerReader(client), {
      now: () => clock.now,
      previousVersionGraceMs: GRACE_MS,
    });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new SecretsManagerClient({
      region: 'eu-west-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    Object.assign(state, {
      calls: 0,
      failNext: 0,
      reportCreatedDate: true,
      current: KEY,
      currentCreatedMs: 0,
      previous: undefined,
    });
    clock = { now: 1_700_000_000_000 };
  });

  it('reads the current and previous versions once for concurrent requests, and a secret never rotated has only one key', async () => {
    const keys = source();
    const results = await Promise.all([keys(), keys(), keys()]);

    expect(results).toEqual([[KEY], [KEY], [KEY]]);
    expect(await keys()).toEqual([KEY]);
    expect(state.calls).toBe(2);
  });

  it('accepts both the new key and the previous one after a rotation, so neither group of clients is refused', async () => {
    rotate(NEW_KEY);
    const keys = source();

    await expect(requirePlatformKey(NEW_KEY, keys)).resolves.toBeUndefined();
    await expect(requirePlatformKey(KEY, keys)).resolves.toBeUndefined();
    await expect(requirePlatformKey(OLD_KEY, keys)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('lets a warm container accept a key rotated after it read the secret, on the first request that uses it', async () => {
    const keys = source();
    await requirePlatformKey(KEY, keys);
    rotate(NEW_KEY);
    clock.now += 10_000;

    await expect(requirePlatformKey(NEW_KEY, keys)).resolves.toBeUndefined();
    expect(state.calls).toBe(4);
  });

  it('reads again for wrong keys at most once per 10 s, however many arrive', async () => {
    const keys = source();
    await requirePlatformKey(KEY, keys);
    clock.now += 10_000;

    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => requirePlatformKey(`pk_live_wrong_${i}_xxxxxxxxxxxx`, keys)),
    );
    clock.now += 5_000;
    await expect(requirePlatformKey('pk_live_wrong_again_xxxxxxxxxxxx', keys)).rejects.toMatchObject({
      code: 'forbidden',
    });

    expect(attempts.every((attempt) => attempt.status === 'rejected')).toBe(true);
    expect(state.calls).toBe(4);
  });

  it('drops a key two rotations old once the keys are 5 minutes old', async () => {
    rotate(NEW_KEY);
    const keys = source();
    await requirePlatformKey(KEY, keys);
    rotate('pk_live_third_key_0123456789abcd');
    clock.now += 300_000;

    await expect(requirePlatformKey(KEY, keys)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await keys()).toEqual(['pk_live_third_key_0123456789abcd', NEW_KEY]);
  });

  it('keeps the keys it has when a later read fails, says so, and reads again only after the interval', async () => {
    const stale: unknown[] = [];
    const keys = secretPlatformKeys(SECRET_ARN, secretsManagerReader(client), {
      now: () => clock.now,
      previousVersionGraceMs: GRACE_MS,
      onStaleKeys: (error) => stale.push(error),
    });
    await requirePlatformKey(KEY, keys);
    clock.now += 300_000;
    state.failNext = 2;

    await expect(requirePlatformKey(KEY, keys)).resolves.toBeUndefined();
    await expect(requirePlatformKey(KEY, keys)).resolves.toBeUndefined();
    expect(state.calls).toBe(4);
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ code: 'service_unavailable' });
    clock.now += 10_000;
    await requirePlatformKey(KEY, keys);
    expect(state.calls).toBe(6);
  });

  it('answers 503 when the secret cannot be read and no key is in hand, and tries again on the next request', async () => {
    state.failNext = 1;
    const keys = source();

    await expect(keys()).rejects.toMatchObject({ code: 'service_unavailable', status: 503 });
    expect(await keys()).toEqual([KEY]);
  });

  it('treats a secret too short to be a key as a misconfiguration, not a key', async () => {
    state.current = 'tiny';
    const keys = source();

    await expect(keys()).rejects.toBeInstanceOf(ApiError);
    await expect(keys()).rejects.toMatchObject({ code: 'internal_error' });
  });

  it('accepts the previous key until the grace after the current version was created is over', async () => {
    rotate(NEW_KEY);
    const keys = source();
    clock.now += GRACE_MS - 1;

    await expect(requirePlatformKey(KEY, keys)).resolves.toBeUndefined();
  });

  it('refuses the previous key once the grace is over, even with the keys read inside it still in hand', async () => {
    rotate(NEW_KEY);
    const keys = source();
    clock.now += GRACE_MS - MINUTE;
    await requirePlatformKey(KEY, keys);
    clock.now += MINUTE;

    await expect(requirePlatformKey(KEY, keys)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(requirePlatformKey(NEW_KEY, keys)).resolves.toBeUndefined();
  });

  it('measures the grace from the rotation, not from when this container first read the secret', async () => {
    rotate(NEW_KEY);
    clock.now += GRACE_MS;
    const keys = source();

    await expect(requirePlatformKey(KEY, keys)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses the previous key at once when Secrets Manager reports no creation date for the current one', async () => {
    rotate(NEW_KEY);
    state.reportCreatedDate = false;
    const keys = source();

    await expect(requirePlatformKey(KEY, keys)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(requirePlatformKey(NEW_KEY, keys)).resolves.toBeUndefined();
  });

  it("refuses the previous key from the first read after the README's emergency procedure, inside the grace", async () => {
    rotate(NEW_KEY);
    const keys = source();
    await requirePlatformKey(KEY, keys);

    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: SECRET_ARN,
        VersionStage: 'AWSPREVIOUS',
        RemoveFromVersionId: versionIdOf(KEY),
      }),
    );
    // The keys in hand serve until they are read again: the README says how long that is.
    clock.now += 5 * MINUTE - 1;
    await expect(requirePlatformKey(KEY, keys)).resolves.toBeUndefined();
    clock.now += 1;

    await expect(requirePlatformKey(KEY, keys)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(requirePlatformKey(NEW_KEY, keys)).resolves.toBeUndefined();
  });

  it('refuses a previous version that is not a key without refusing the current one', async () => {
    Object.assign(state, { current: NEW_KEY, previous: 'tiny' });

    expect(await source()()).toEqual([NEW_KEY]);
  });
});
