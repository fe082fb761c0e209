import { loadAuthorizerConfig } from '../../../lambdas/authorizer/config';
import { isLoopbackHost } from '../../../lambdas/authorizer/loopback-host';
import { ConfigError } from '../../../lambdas/shared/env';

const SUPABASE_URL = 'https://abc.supabase.co';

describe('loadAuthorizerConfig', () => {
  it('derives the documented defaults from SUPABASE_URL', () => {
    expect(loadAuthorizerConfig({ SUPABASE_URL })).toEqual({
      issuer: 'https://abc.supabase.co/auth/v1',
      audience: 'authenticated',
      jwksUrl: 'https://abc.supabase.co/auth/v1/.well-known/jwks.json',
      clockSkewSeconds: 30,
      maxTokenLifetimeSeconds: 604800,
      allowAnonymous: false,
      orgApiKeys: false,
    });
  });

  it('ignores a trailing slash on SUPABASE_URL', () => {
    expect(loadAuthorizerConfig({ SUPABASE_URL: `${SUPABASE_URL}/` }).issuer).toBe('https://abc.supabase.co/auth/v1');
  });

  it('takes every setting from its variable', () => {
    const config = loadAuthorizerConfig({
      SUPABASE_URL,
      AUTH_JWT_ISSUER: 'https://auth.example.com/v1',
      AUTH_JWT_AUDIENCE: 'intello',
      AUTH_JWKS_URL: 'https://keys.example.com/jwks.json',
      AUTH_CLOCK_SKEW_SECONDS: '5',
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600',
      AUTH_ALLOW_ANONYMOUS: 'true',
    });
    expect(config).toEqual({
      issuer: 'https://auth.example.com/v1',
      audience: 'intello',
      jwksUrl: 'https://keys.example.com/jwks.json',
      clockSkewSeconds: 5,
      maxTokenLifetimeSeconds: 3600,
      allowAnonymous: true,
      orgApiKeys: false,
    });
  });

  it('derives the JWKS location from an overridden issuer', () => {
    expect(loadAuthorizerConfig({ SUPABASE_URL, AUTH_JWT_ISSUER: 'https://auth.example.com/v1' }).jwksUrl).toBe(
      'https://auth.example.com/v1/.well-known/jwks.json',
    );
  });

  it('accepts plain http on loopback hosts for the local stack', () => {
    for (const url of [
      'http://127.0.0.1:54321',
      'http://localhost:54321',
      'http://[::1]:54321',
      'http://auth.localhost',
    ]) {
      expect(loadAuthorizerConfig({ SUPABASE_URL: url }).jwksUrl).toBe(`${url}/auth/v1/.well-known/jwks.json`);
    }
  });

  it.each([
    ['SUPABASE_URL missing', {}, 'Environment variable SUPABASE_URL is required'],
    [
      'SUPABASE_URL not a URL',
      { SUPABASE_URL: 'abc.supabase.co' },
      'Environment variable SUPABASE_URL must be an http(s) URL, got "abc.supabase.co"',
    ],
    [
      'SUPABASE_URL not http(s)',
      { SUPABASE_URL: 'ftp://abc.supabase.co' },
      'Environment variable SUPABASE_URL must be an http(s) URL',
    ],
    [
      'AUTH_JWT_ISSUER not a URL',
      { SUPABASE_URL, AUTH_JWT_ISSUER: 'supabase' },
      'Environment variable AUTH_JWT_ISSUER must be an http(s) URL',
    ],
    [
      'an http JWKS on a public host',
      { SUPABASE_URL, AUTH_JWKS_URL: 'http://abc.supabase.co/auth/v1/.well-known/jwks.json' },
      'AUTH_JWKS_URL must use https: (http: only for loopback hosts)',
    ],
    [
      'an http SUPABASE_URL on a public host',
      { SUPABASE_URL: 'http://abc.supabase.co' },
      'AUTH_JWKS_URL must use https: (http: only for loopback hosts)',
    ],
    [
      'an http JWKS on a private address',
      { SUPABASE_URL, AUTH_JWKS_URL: 'http://10.0.0.5/jwks.json' },
      'AUTH_JWKS_URL must use https:',
    ],
    [
      'an http JWKS on a host that only starts like loopback',
      { SUPABASE_URL, AUTH_JWKS_URL: 'http://127.0.0.1.nip.io/jwks.json' },
      'AUTH_JWKS_URL must use https:',
    ],
    [
      'a negative clock skew',
      { SUPABASE_URL, AUTH_CLOCK_SKEW_SECONDS: '-1' },
      'AUTH_CLOCK_SKEW_SECONDS must be between 0 and 300, got -1',
    ],
    [
      'a clock skew above five minutes',
      { SUPABASE_URL, AUTH_CLOCK_SKEW_SECONDS: '301' },
      'AUTH_CLOCK_SKEW_SECONDS must be between 0 and 300, got 301',
    ],
    [
      'a fractional clock skew',
      { SUPABASE_URL, AUTH_CLOCK_SKEW_SECONDS: '1.5' },
      'AUTH_CLOCK_SKEW_SECONDS must be an integer',
    ],
    [
      'a lifetime under a minute',
      { SUPABASE_URL, AUTH_MAX_TOKEN_LIFETIME_SECONDS: '0' },
      'AUTH_MAX_TOKEN_LIFETIME_SECONDS must be between 60 and 2592000, got 0',
    ],
    [
      'a lifetime over 30 days',
      { SUPABASE_URL, AUTH_MAX_TOKEN_LIFETIME_SECONDS: '2592001' },
      'AUTH_MAX_TOKEN_LIFETIME_SECONDS must be between 60 and 2592000',
    ],
    [
      'a lifetime that is not a number',
      { SUPABASE_URL, AUTH_MAX_TOKEN_LIFETIME_SECONDS: 'week' },
      'AUTH_MAX_TOKEN_LIFETIME_SECONDS must be an integer, got "week"',
    ],
    [
      'anonymous neither true nor false',
      { SUPABASE_URL, AUTH_ALLOW_ANONYMOUS: 'yes' },
      'AUTH_ALLOW_ANONYMOUS must be "true" or "false", got "yes"',
    ],
  ])('fails loudly on %s', (_name, env, message) => {
    const load = (): unknown => loadAuthorizerConfig(env);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});

describe('isLoopbackHost', () => {
  it('recognises loopback names and addresses only', () => {
    expect(['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '[::1]'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['localhost.example.com', '127.0.0.1.nip.io', '10.0.0.1', '[::2]', '0.0.0.0', 'example.com'].map(isLoopbackHost),
    ).toEqual([false, false, false, false, false, false]);
  });
});

describe('loadAuthorizerConfig and org API keys', () => {
  const base = { SUPABASE_URL: 'https://abc.supabase.co' };
  const lookup = {
    ORG_API_KEYS: 'true',
    AWS_REGION: 'eu-west-1',
    DATA_API_RESOURCE_ARN: 'arn:aws:rds:eu-west-1:123456789012:cluster:intello',
    DATA_API_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:authorizer-AbCdEf',
    DATA_API_DATABASE: 'intello',
  };

  it('leaves keys off unless ORG_API_KEYS is true', () => {
    expect(loadAuthorizerConfig(base).orgApiKeys).toBe(false);
    expect(loadAuthorizerConfig({ ...base, ORG_API_KEYS: 'false' }).orgApiKeys).toBe(false);
  });

  it('reads where to look keys up when ORG_API_KEYS is true', () => {
    expect(loadAuthorizerConfig({ ...base, ...lookup }).orgApiKeys).toEqual({
      region: 'eu-west-1',
      resourceArn: lookup.DATA_API_RESOURCE_ARN,
      secretArn: lookup.DATA_API_SECRET_ARN,
      database: 'intello',
      endpoint: undefined,
    });
  });

  it('refuses keys on without the Data API settings, and a non-loopback DATA_API_ENDPOINT', () => {
    expect(() => loadAuthorizerConfig({ ...base, ORG_API_KEYS: 'true' })).toThrow(ConfigError);
    expect(() => loadAuthorizerConfig({ ...base, ...lookup, DATA_API_ENDPOINT: 'https://rds.example.com' })).toThrow(
      'Environment variable DATA_API_ENDPOINT is for the local emulator only (a loopback URL)',
    );
  });
});
