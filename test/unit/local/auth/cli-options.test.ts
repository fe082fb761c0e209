import { parseCliOptions } from '../../../../local/auth/cli-options';

describe('the auth emulator command line', () => {
  it('defaults to port 54321, a one-hour TTL and data under .local/auth', () => {
    expect(parseCliOptions([], {})).toEqual({
      port: 54321,
      host: '127.0.0.1',
      accessTokenTtlSeconds: 3600,
      refreshTokenReuseIntervalSeconds: 10,
      controlEnabled: false,
      dataDir: '.local/auth',
    });
  });

  it("reads the local stack's environment when no flag is given", () => {
    expect(
      parseCliOptions([], {
        LOCAL_AUTH_PORT: '4000',
        LOCAL_ACCESS_TOKEN_TTL: '60',
        LOCAL_DIR: '/tmp/x',
        GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL: '3',
      }),
    ).toMatchObject({
      port: 4000,
      accessTokenTtlSeconds: 60,
      refreshTokenReuseIntervalSeconds: 3,
      dataDir: '/tmp/x/auth',
    });
  });

  it('lets flags win over the environment', () => {
    expect(
      parseCliOptions(
        ['--port', '0', '--ttl', '5', '--refresh-token-reuse-interval', '0', '--control', '--in-memory'],
        { LOCAL_AUTH_PORT: '4000', GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL: '3' },
      ),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      accessTokenTtlSeconds: 5,
      refreshTokenReuseIntervalSeconds: 0,
      controlEnabled: true,
    });
  });

  it('takes --allow-remote with a non-loopback --host', () => {
    expect(parseCliOptions(['--host', '0.0.0.0', '--allow-remote', '--in-memory'], {})).toMatchObject({
      host: '0.0.0.0',
      allowRemote: true,
    });
  });

  it('refuses unknown flags, non-numeric ports and contradictory storage flags', () => {
    expect(() => parseCliOptions(['--prot', '1'], {})).toThrow("Unknown option '--prot'");
    expect(() => parseCliOptions(['--port', 'abc'], {})).toThrow('port must be a non-negative integer, got "abc"');
    expect(() => parseCliOptions(['--in-memory', '--data-dir', 'x'], {})).toThrow(
      '--in-memory and --data-dir exclude each other',
    );
  });

  it('answers help', () => {
    expect(parseCliOptions(['--help'], {})).toBe('help');
  });
});
