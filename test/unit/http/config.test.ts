import { ConfigError } from '../../../lambdas/shared/env';
import { loadDataApiConfig, loadHttpConfig, loadPlatformKeyConfig } from '../../../lambdas/shared/http/config';

const dataApiEnv = {
  AWS_REGION: 'eu-west-1',
  DATA_API_RESOURCE_ARN: 'arn:aws:rds:eu-west-1:123456789012:cluster:intello',
  DATA_API_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db',
  DATA_API_DATABASE: 'intello',
};

describe('loadHttpConfig', () => {
  it("defaults the clock skew to the authorizer's 30 s and allows no origin", () => {
    expect(loadHttpConfig({})).toEqual({ corsAllowedOrigins: [], clockSkewSeconds: 30 });
  });

  it.each(['*', 'https://app.example.com/', 'http://app.example.com', 'app.example.com'])(
    'refuses the CORS origin %p',
    (origin) => {
      expect(() => loadHttpConfig({ CORS_ALLOWED_ORIGINS: origin })).toThrow(ConfigError);
    },
  );

  it('accepts https origins and http on localhost', () => {
    expect(
      loadHttpConfig({ CORS_ALLOWED_ORIGINS: 'https://app.intello.io, http://localhost:5173' }).corsAllowedOrigins,
    ).toEqual(['https://app.intello.io', 'http://localhost:5173']);
  });
});

describe('loadDataApiConfig', () => {
  it('names the missing variable', () => {
    expect(() => loadDataApiConfig({ ...dataApiEnv, DATA_API_DATABASE: '' })).toThrow(
      'Environment variable DATA_API_DATABASE is required',
    );
  });

  it('uses the endpoint and static credentials only for a loopback emulator', () => {
    expect(loadDataApiConfig(dataApiEnv).endpoint).toBeUndefined();
    expect(loadDataApiConfig({ ...dataApiEnv, DATA_API_ENDPOINT: 'http://127.0.0.1:4510' })).toMatchObject({
      endpoint: 'http://127.0.0.1:4510',
      credentials: { accessKeyId: 'local' },
    });
    expect(() =>
      loadDataApiConfig({ ...dataApiEnv, DATA_API_ENDPOINT: 'https://rds-data.eu-west-1.amazonaws.com' }),
    ).toThrow('loopback');
  });

  it('retries a resuming database only as long as API Gateway waits for the function', () => {
    expect(loadDataApiConfig(dataApiEnv).retry).toEqual({ budgetMs: 25_000 });
  });
});

describe('loadPlatformKeyConfig', () => {
  it('takes the secret ARN in AWS and the key locally, never both', () => {
    expect(
      loadPlatformKeyConfig({ PLATFORM_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:k' }),
    ).toEqual({
      kind: 'secret',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:k',
      previousVersionGraceMinutes: 60,
    });
    expect(loadPlatformKeyConfig({ PLATFORM_API_KEY: 'k'.repeat(24) })).toEqual({
      kind: 'static',
      key: 'k'.repeat(24),
    });
    expect(() =>
      loadPlatformKeyConfig({ PLATFORM_API_KEY: 'k'.repeat(24), PLATFORM_API_KEY_SECRET_ARN: 'arn:x' }),
    ).toThrow('only one');
    expect(() => loadPlatformKeyConfig({})).toThrow(ConfigError);
  });

  it('bounds the grace of the previous platform key version to 0 minutes up to a week', () => {
    const env = (grace: string) => ({
      PLATFORM_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:k',
      PLATFORM_API_KEY_PREVIOUS_VERSION_GRACE_MINUTES: grace,
    });
    expect(loadPlatformKeyConfig(env('0'))).toMatchObject({ previousVersionGraceMinutes: 0 });
    expect(loadPlatformKeyConfig(env('10080'))).toMatchObject({ previousVersionGraceMinutes: 10080 });
    expect(() => loadPlatformKeyConfig(env('10081'))).toThrow('PLATFORM_API_KEY_PREVIOUS_VERSION_GRACE_MINUTES');
    expect(() => loadPlatformKeyConfig(env('1.5'))).toThrow('must be an integer');
  });
});
