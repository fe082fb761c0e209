import { loadAppConfig } from '../../lib/config';

const ctx = (values: Record<string, unknown>) => ({ tryGetContext: (key: string) => values[key] });

describe('loadAppConfig', () => {
  it('requires supabaseUrl and says how to pass it', () => {
    expect(() => loadAppConfig(ctx({}))).toThrow(
      'Context supabaseUrl is required, e.g. cdk synth -c supabaseUrl=https://your-project-ref.supabase.co',
    );
  });

  it('refuses a plain-http Supabase URL unless it is loopback', () => {
    expect(() => loadAppConfig(ctx({ supabaseUrl: 'http://abc.supabase.co' }))).toThrow('must use https');
    expect(loadAppConfig(ctx({ supabaseUrl: 'http://127.0.0.1:54321/' })).supabaseUrl).toBe('http://127.0.0.1:54321');
  });

  it('applies the documented defaults', () => {
    const config = loadAppConfig(ctx({ supabaseUrl: 'https://abc.supabase.co' }));
    expect(config).toMatchObject({
      stageName: 'prod',
      production: true,
      authorizerCacheTtlSeconds: 300,
      removalPolicy: 'retain',
      dbMinCapacity: 0,
      corsAllowedOrigins: [],
    });
  });

  it('takes an alarmEmail that is an email address, and none by default', () => {
    const base = { supabaseUrl: 'https://abc.supabase.co' };
    expect(loadAppConfig(ctx(base)).alarmEmail).toBeUndefined();
    expect(loadAppConfig(ctx({ ...base, alarmEmail: 'ops@example.com' })).alarmEmail).toBe('ops@example.com');
    expect(() => loadAppConfig(ctx({ ...base, alarmEmail: 'ops' }))).toThrow(
      'Context alarmEmail must be an email address, got "ops"',
    );
  });

  it('treats a non-prod stage as disposable unless told otherwise', () => {
    const config = loadAppConfig(ctx({ supabaseUrl: 'https://abc.supabase.co', stageName: 'dev' }));
    expect(config).toMatchObject({ production: false, removalPolicy: 'destroy' });
  });

  it("accepts a cache TTL of 0 and rejects one above API Gateway's 3600 s", () => {
    expect(
      loadAppConfig(ctx({ supabaseUrl: 'https://abc.supabase.co', authorizerCacheTtlSeconds: 0 }))
        .authorizerCacheTtlSeconds,
    ).toBe(0);
    expect(() =>
      loadAppConfig(ctx({ supabaseUrl: 'https://abc.supabase.co', authorizerCacheTtlSeconds: '3601' })),
    ).toThrow('Context authorizerCacheTtlSeconds must be a number between 0 and 3600, got "3601"');
  });

  it('takes a Secrets Manager VersionId for the platform key and refuses anything else', () => {
    expect(loadAppConfig(ctx({ supabaseUrl: 'https://abc.supabase.co' })).platformKeyVersionId).toBeUndefined();
    expect(
      loadAppConfig(
        ctx({ supabaseUrl: 'https://abc.supabase.co', platformKeyVersionId: 'c6a1d4e2-5b7f-4c1e-9d3a-8f2b0e6a7c91' }),
      ).platformKeyVersionId,
    ).toBe('c6a1d4e2-5b7f-4c1e-9d3a-8f2b0e6a7c91');
    expect(() =>
      loadAppConfig(ctx({ supabaseUrl: 'https://abc.supabase.co', platformKeyVersionId: 'AWSCURRENT' })),
    ).toThrow('Context platformKeyVersionId must be a Secrets Manager VersionId');
  });

  it("bounds the platform key's previous-version grace to whole minutes, one hour unless set, a week at most", () => {
    const grace = (value?: string) =>
      loadAppConfig(
        ctx({
          supabaseUrl: 'https://abc.supabase.co',
          ...(value === undefined ? {} : { platformKeyPreviousVersionGraceMinutes: value }),
        }),
      ).platformKeyPreviousVersionGraceMinutes;
    expect(grace()).toBe(60);
    expect(grace('0')).toBe(0);
    expect(grace('10080')).toBe(10080);
    expect(() => grace('10081')).toThrow('Context platformKeyPreviousVersionGraceMinutes must be a number between');
    expect(() => grace('1.5')).toThrow('must be a whole number of minutes');
  });

  it('rejects a log retention CloudWatch does not offer', () => {
    expect(() => loadAppConfig(ctx({ supabaseUrl: 'https://abc.supabase.co', logRetentionDays: '2' }))).toThrow(
      'logRetentionDays',
    );
  });
});
