import { runCliExpectingFailure, startCli } from '../../support/cli-process';

const CONTROL_TOKEN_HEADER = 'X-Local-Control-Token';

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
        serviceRoleKey: expect.stringMatching(/^sb_secret_/),
        controlToken: expect.stringMatching(/^[\w-]{43}$/),
      });
      expect((await fetch(ready.jwksUrl)).status).toBe(200);
      expect((await fetch(`${ready.url}/_local/jwks/down`, { method: 'POST' })).status).toBe(401);
      const down = await fetch(`${ready.url}/_local/jwks/down`, {
        method: 'POST',
        headers: { [CONTROL_TOKEN_HEADER]: ready.controlToken },
      });
      expect(down.status).toBe(204);
    } finally {
      expect(await cli.stop()).toEqual({ code: 0, signal: null });
    }
  });

  it('refuses to start on a non-loopback --host without --allow-remote', async () => {
    const { code, stderr } = await runCliExpectingFailure('local/auth/main.ts', ['--host', '0.0.0.0', '--in-memory']);

    expect(code).not.toBe(0);
    expect(stderr).toContain('refusing to listen on 0.0.0.0: not a loopback interface');
  });

  it('exits with status 2 and the usage on a bad flag', async () => {
    const { code, stderr } = await runCliExpectingFailure('local/auth/main.ts', ['--prot', '1']);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--prot'");
    expect(stderr).toContain('Usage: npm exec -- tsx local/auth/main.ts');
  });
});
