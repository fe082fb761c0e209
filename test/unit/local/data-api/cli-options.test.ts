import { parseCliOptions } from '../../../../local/data-api/cli-options';

describe('parseCliOptions', () => {
  it('defaults to the embedded PostgreSQL kept under .local/postgres on port 4010, faults off, AWS idle timeout', () => {
    expect(parseCliOptions([], {})).toEqual({
      port: 4010,
      host: '127.0.0.1',
      database: { kind: 'embedded', dir: '.local/postgres' },
      faultInjection: false,
      transactionIdleTimeoutMs: 180_000,
      verbose: false,
    });
  });

  it('uses the server of DATABASE_URL when it is set, and the flag over the variable', () => {
    expect(parseCliOptions([], { DATABASE_URL: 'postgres://a/b' })).toMatchObject({
      database: { kind: 'server', url: 'postgres://a/b' },
    });
    expect(parseCliOptions(['--database-url', 'postgres://c/d'], { DATABASE_URL: 'postgres://a/b' })).toMatchObject({
      database: { kind: 'server', url: 'postgres://c/d' },
    });
  });

  it('reads the port, LOCAL_DIR, fault switch and idle timeout from flags and the environment', () => {
    expect(
      parseCliOptions(['--in-memory', '--idle-timeout-ms', '500'], {
        LOCAL_DATA_API_PORT: '0',
        LOCAL_DATA_API_FAULTS: 'true',
      }),
    ).toMatchObject({
      port: 0,
      database: { kind: 'embedded', dir: undefined },
      faultInjection: true,
      transactionIdleTimeoutMs: 500,
    });
    expect(parseCliOptions([], { LOCAL_DIR: '/tmp/x' })).toMatchObject({
      database: { kind: 'embedded', dir: '/tmp/x/postgres' },
    });
  });

  it.each([
    [['--in-memory', '--data-dir', 'x'], {}, '--in-memory and --data-dir exclude each other'],
    [['--data-dir', 'x'], { DATABASE_URL: 'postgres://a/b' }, 'apply to the embedded server'],
    [['--port', 'abc'], {}, 'port must be a non-negative integer, got "abc"'],
    [['--idle-timeout-ms', '0'], {}, 'idle-timeout-ms must be positive'],
    [[], { LOCAL_DATA_API_FAULTS: 'yes' }, 'LOCAL_DATA_API_FAULTS must be "true" or "false"'],
    [['--bogus'], {}, "Unknown option '--bogus'"],
  ])('refuses %j with %j', (argv, env, message) => {
    expect(() => parseCliOptions(argv, env)).toThrow(message);
  });

  it("answers 'help' to --help", () => {
    expect(parseCliOptions(['--help'], {})).toBe('help');
  });
});
