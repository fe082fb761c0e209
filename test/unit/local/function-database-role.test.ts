import { synthApp } from '../../infra/synth-app';
import { loadCloudAssembly } from '../../../local/gateway/cloud-assembly';
import { databaseRoleOf } from '../../../local/function-database-role';

function assemblyWith(context: Record<string, unknown>) {
  const { app } = synthApp(context);
  return loadCloudAssembly(app.synth().directory);
}

function roleOf(assembly: ReturnType<typeof loadCloudAssembly>, logicalIdPrefix: string) {
  const fn = assembly.functions.find((f) => f.logicalId.startsWith(logicalIdPrefix));
  if (!fn) throw new Error(`no function ${logicalIdPrefix}`);
  return databaseRoleOf(assembly, fn);
}

describe('the database role a synthesized function reaches the database as', () => {
  const on = assemblyWith({ orgApiKeys: 'true' });

  it('is the authorizer role for the authorizer when org API keys are on', () => {
    expect(roleOf(on, 'Authorizer')).toBe('intello_authorizer');
  });

  it('is the application role for the API functions', () => {
    expect(roleOf(on, 'SpecsFunction')).toBe('intello_app');
    expect(roleOf(on, 'OrgApiKeysFunction')).toBe('intello_app');
  });

  it('is none for a function without database access or with the master secret', () => {
    expect(roleOf(on, 'HealthFunction')).toBeUndefined();
    expect(roleOf(on, 'Migrate')).toBeUndefined();
  });

  it('is none for the authorizer when org API keys are off', () => {
    expect(roleOf(assemblyWith({}), 'Authorizer')).toBeUndefined();
  });
});
