/**
 * Who may read which database secret, proven on the synthesized templates of every stack: the
 * master secret is the migration function's alone; the API functions hold the application
 * role's secret; the authorizer holds none (it reads no database until org API keys land).
 */
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { synthApp } from './synth-app';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
type Resource = { Type: string; Properties: Record<string, any> };

/** Every IAM statement of a stack, with the logical ids of the roles it is attached to. */
function statementsOf(stack: Stack): Array<{ stack: string; roles: string[]; statement: Statement }> {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  const found: Array<{ stack: string; roles: string[]; statement: Statement }> = [];
  for (const [id, resource] of Object.entries(resources)) {
    const documents: Array<{ roles: string[]; document: { Statement: Statement[] } }> = [];
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const roles = (resource.Properties.Roles ?? []).map((r: { Ref?: string }) => r.Ref ?? JSON.stringify(r));
      documents.push({ roles, document: resource.Properties.PolicyDocument });
    }
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of resource.Properties.Policies ?? [])
        documents.push({ roles: [id], document: policy.PolicyDocument });
    }
    for (const { roles, document } of documents) {
      for (const statement of document.Statement) found.push({ stack: stack.stackName, roles, statement });
    }
  }
  return found;
}

const actionsOf = (statement: Statement) => [statement.Action].flat();
const readsSecrets = (statement: Statement) =>
  actionsOf(statement).some((a) => a === '*' || a.startsWith('secretsmanager:'));

describe('database access', () => {
  const { auth, data, api, exampleService } = synthApp();
  const stacks = [auth, data, api, exampleService];
  const all = stacks.flatMap(statementsOf);
  const logicalId = (stack: Stack, construct: IConstruct) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const masterSecret = data.cluster.node.findChild('Secret');
  // The secret and its attachment: other stacks reach either through an export named after it.
  const masterIds = [logicalId(data, masterSecret), logicalId(data, masterSecret.node.findChild('Attachment'))];
  const migrateRole = logicalId(data, data.migrateFunction.role!);
  const appSecretId = logicalId(data, data.appRole.node.findChild('Secret').node.findChild('Attachment'));
  const mentions = (statement: Statement, ids: string[]) => ids.some((id) => JSON.stringify(statement).includes(id));

  it('lets no role but the migration function read the master secret', () => {
    const readers = all.filter((s) => s.statement.Effect === 'Allow' && mentions(s.statement, masterIds));
    expect(readers.length).toBeGreaterThan(0);
    expect([...new Set(readers.flatMap((s) => s.roles))]).toEqual([migrateRole]);
  });

  it('grants Secrets Manager on named secrets only, never on *', () => {
    const wildcards = all.filter(
      (s) => readsSecrets(s.statement) && [s.statement.Resource].flat().some((r) => r === '*'),
    );
    expect(wildcards).toEqual([]);
  });

  it('gives every API function but the anonymous health one rds-data on the cluster and GetSecretValue on the application role secret', () => {
    const apiStatements = statementsOf(api);
    for (const [name, fn] of api.functions) {
      if (name === 'health') continue;
      const role = logicalId(api, fn.role!);
      const own = apiStatements.filter((s) => s.roles.includes(role)).map((s) => s.statement);
      const secretReads = own.filter(readsSecrets);
      const appSecretReads = secretReads.filter((s) => mentions(s, [appSecretId]));
      expect(appSecretReads.map((s) => s.Action)).toEqual(['secretsmanager:GetSecretValue']);
      // The only other secret a function may read is the platform key (internal functions).
      expect(secretReads.filter((s) => !mentions(s, [appSecretId])).every((s) => mentions(s, ['PlatformApiKey']))).toBe(
        true,
      );
      expect(own.some((s) => actionsOf(s).includes('rds-data:ExecuteStatement'))).toBe(true);
      expect(own.some((s) => actionsOf(s).some((a) => a.startsWith('rds-data:')) && s.Resource === '*')).toBe(false);
    }
  });

  it('gives the anonymous health function neither the Data API, nor any secret, nor their settings', () => {
    const health = api.functions.get('health')!;
    const role = logicalId(api, health.role!);
    const own = statementsOf(api)
      .filter((s) => s.roles.includes(role))
      .map((s) => s.statement);
    expect(own.filter(readsSecrets)).toEqual([]);
    expect(own.filter((s) => actionsOf(s).some((a) => a.startsWith('rds-data:')))).toEqual([]);
    const resources = Template.fromStack(api).toJSON().Resources as Record<string, Resource>;
    expect(Object.keys(resources[logicalId(api, health)]!.Properties.Environment.Variables)).not.toContain(
      'DATA_API_SECRET_ARN',
    );
  });

  it('points every API function that uses the database at the application role secret', () => {
    const resources = Template.fromStack(api).toJSON().Resources as Record<string, Resource>;
    for (const [name, fn] of api.functions) {
      if (name === 'health') continue;
      const env = resources[logicalId(api, fn)]!.Properties.Environment.Variables;
      expect(JSON.stringify(env.DATA_API_SECRET_ARN)).toContain(appSecretId);
    }
  });

  it('gives the authorizer neither the Data API nor any secret', () => {
    const authorizerStatements = statementsOf(auth).map((s) => s.statement);
    expect(authorizerStatements.filter(readsSecrets)).toEqual([]);
    expect(authorizerStatements.filter((s) => actionsOf(s).some((a) => a.startsWith('rds-data:')))).toEqual([]);
  });

  it('keeps each role secret in the RDS shape, its username fixed to the role, attached to the cluster', () => {
    const template = Template.fromStack(data);
    for (const role of ['intello_app', 'intello_authorizer']) {
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: { SecretStringTemplate: JSON.stringify({ username: role, dbname: 'intello' }) },
      });
    }
    template.resourceCountIs('AWS::SecretsManager::SecretTargetAttachment', 3);
  });

  it('hands the migration function every role secret, to set the passwords after the migrations', () => {
    const resources = Template.fromStack(data).toJSON().Resources as Record<string, Resource>;
    const env = resources[logicalId(data, data.migrateFunction)]!.Properties.Environment.Variables;
    const roleSecrets = JSON.stringify(env.DATABASE_ROLE_SECRET_ARNS);
    expect(roleSecrets).toContain(appSecretId);
    expect(roleSecrets).toContain(
      logicalId(data, data.authorizerRole.node.findChild('Secret').node.findChild('Attachment')),
    );
    expect(JSON.stringify(env.DATA_API_SECRET_ARN)).toContain(masterIds[1]);
  });
});
