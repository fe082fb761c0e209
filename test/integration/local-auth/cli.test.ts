import { runCliExpectingFailure, startCli } from '../../support/cli-process';

describe('the auth emulator command', () => {
  it('prints a ready line with its endpoints, serves, and exits cleanly on SIGTERM', async () => {
    const cli = await startCli('local/auth/main.ts', ['--port', '0', '--in-memory', '--control']);
    try {
      const { ready } = cli;
      expect(ready).toEqual({
        event: 'ready',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        issuer: `${ready.url}/auth/v1`,
        jwksUrl: `${ready.url}/auth/v1/.well-known/jwks.json`,
        anonKey: expect.stringMatching(/^sb_publishable_/),
      });
      expect((await fetch(ready.jwksUrl)).status).toBe(200);
      expect((await fetch(`${ready.url}/_local/jwks/down`, { method: 'POST' })).status).toBe(204);
    } finally {
      expect(await cli.stop()).toEqual({ code: 0, signal: null });
    }
  });

  it('exits with status 2 and the usage on a bad flag', async () => {
    const { code, stderr } = await runCliExpectingFailure('local/auth/main.ts', ['--prot', '1']);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--prot'");
    expect(stderr).toContain('Usage: npm exec -- tsx local/auth/main.ts');
  });
});
