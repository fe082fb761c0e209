import { DatabaseResumingException, ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import { LOCAL_DATABASE, LOCAL_RESOURCE_ARN, LOCAL_SECRET_ARN } from '../../../local/data-api/server';
import { runCliExpectingFailure, startCli } from '../../support/cli-process';
import { failure, sdkClient } from './harness';

describe('the local Data API command', () => {
  it('prints a ready line with its url and ARNs, serves the SDK, takes faults over HTTP, and exits cleanly on SIGTERM', async () => {
    const cli = await startCli('local/data-api/main.ts', ['--port', '0', '--in-memory', '--fault-injection'], {
      DATABASE_URL: '',
    });
    try {
      const { ready } = cli;
      expect(ready).toEqual({
        event: 'ready',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        resourceArn: LOCAL_RESOURCE_ARN,
        secretArn: LOCAL_SECRET_ARN,
        database: LOCAL_DATABASE,
        backend: 'embedded',
      });

      const client = sdkClient(ready.url);
      const target = { resourceArn: ready.resourceArn, secretArn: ready.secretArn, database: ready.database };
      const result = await client.send(
        new ExecuteStatementCommand({
          ...target,
          sql: 'SELECT version() ~ :v AS pg17',
          parameters: [{ name: 'v', value: { stringValue: '^PostgreSQL 17' } }],
        }),
      );
      expect(result.records).toEqual([[{ booleanValue: true }]]);

      const injected = await fetch(`${ready.url}/_local/faults`, {
        method: 'POST',
        body: JSON.stringify({ error: 'DatabaseResumingException' }),
      });
      expect(injected.status).toBe(204);
      expect(await failure(client.send(new ExecuteStatementCommand({ ...target, sql: 'SELECT 1' })))).toBeInstanceOf(
        DatabaseResumingException,
      );
      client.destroy();
    } finally {
      expect(await cli.stop()).toEqual({ code: 0, signal: null });
    }
  }, 60_000);

  it('exits with status 2 and the usage on a bad flag', async () => {
    const { code, stderr } = await runCliExpectingFailure('local/data-api/main.ts', ['--prot', '1']);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--prot'");
    expect(stderr).toContain('Usage: npm exec -- tsx local/data-api/main.ts');
  });
});
