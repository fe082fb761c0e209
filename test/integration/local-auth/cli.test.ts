import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

describe('the auth emulator command', () => {
  it('prints a ready line with its endpoints, serves, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/auth/main.ts', '--port', '0', '--in-memory', '--control'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    try {
      const lines = createInterface({ input: child.stdout! });
      const [line] = (await once(lines, 'line')) as [string];
      const ready = JSON.parse(line);

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
      child.kill('SIGTERM');
    }
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it('exits with status 2 and the usage on a bad flag', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/auth/main.ts', '--prot', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const [code] = await once(child, 'exit');

    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--prot'");
    expect(stderr).toContain('Usage: npm exec -- tsx local/auth/main.ts');
  });
});
