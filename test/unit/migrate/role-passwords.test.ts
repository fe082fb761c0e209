import { readRoleCredentials, RoleSecretError } from '../../../lambdas/migrate/role-passwords';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-role-AbCdEf';
const secretHolding = (value: unknown) => async () => (typeof value === 'string' ? value : JSON.stringify(value));

describe('readRoleCredentials', () => {
  it('reads the role and password of an RDS-shaped role secret', async () => {
    const read = secretHolding({
      username: 'intello_app',
      password: 'p'.repeat(30),
      engine: 'postgres',
      host: 'db',
      port: 5432,
      dbname: 'intello',
    });
    await expect(readRoleCredentials(read, ARN)).resolves.toEqual({ role: 'intello_app', password: 'p'.repeat(30) });
  });

  it('refuses a secret whose username is not one of our roles, so it can never alter the master', async () => {
    const statement = readRoleCredentials(secretHolding({ username: 'postgres', password: 'p'.repeat(30) }), ARN);
    await expect(statement).rejects.toThrow(RoleSecretError);
    await expect(statement).rejects.toThrow(`secret ${ARN} names no database role of ours`);
  });

  it('refuses a secret without a usable password', async () => {
    const statement = readRoleCredentials(secretHolding({ username: 'intello_app', password: 'short' }), ARN);
    await expect(statement).rejects.toThrow(`secret ${ARN} holds no usable password`);
  });

  it('refuses a secret that is not JSON', async () => {
    await expect(readRoleCredentials(secretHolding('not json'), ARN)).rejects.toThrow(`secret ${ARN} is not JSON`);
  });
});
