import { readFileSync } from 'node:fs';
import path from 'node:path';
import { synthApp } from './synth-app';

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['a production stage', {}],
    ['a dev stage', { stageName: 'dev' }],
    ['a stage with org API keys on', { orgApiKeys: 'true' }],
  ])('finds no unacknowledged error in any stack of %s', (_name, context) => {
    const { app } = synthApp(context);
    let failure: unknown;
    try {
      app.synth();
    } catch (err) {
      failure = err;
    }
    const report = JSON.parse(readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{
        pluginName: string;
        violations: Array<{
          ruleName: string;
          severity: string;
          violatingConstructs: Array<{ constructPath: string }>;
        }>;
      }>;
    };
    const nag = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(nag).toBeDefined();
    const errors = nag!.violations
      .filter((v) => v.severity === 'error')
      .map((v) => `${v.ruleName} ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`);
    expect(errors).toEqual([]);
    expect(failure).toBeUndefined();
  });
});
