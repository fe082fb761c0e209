import { Match, Template } from 'aws-cdk-lib/assertions';
import { synthApp } from './synth-app';

describe('the data stack', () => {
  const { data } = synthApp();
  const template = Template.fromStack(data);

  it('runs Aurora PostgreSQL 17 Serverless v2 that may pause, with the Data API on and storage encrypted', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^17\\.'),
      EnableHttpEndpoint: true,
      StorageEncrypted: true,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4 },
      DatabaseName: 'intello',
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' });
  });

  it('keeps the credentials in Secrets Manager', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      MasterUserPassword: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('resolve:secretsmanager')])] },
    });
  });

  it('protects a production database from deletion and keeps two weeks of backups', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', { DeletionProtection: true, BackupRetentionPeriod: 14 });
    template.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Snapshot' });
  });

  it('lets a dev stage be deleted', () => {
    const dev = synthApp({ stageName: 'dev' });
    const devTemplate = Template.fromStack(dev.data);
    devTemplate.hasResourceProperties('AWS::RDS::DBCluster', { DeletionProtection: false });
    devTemplate.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Delete' });
  });

  it('has isolated subnets only: no NAT gateway, no internet gateway', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
  });

  it('runs the migrations on deploy after the cluster exists, with room for a resume', () => {
    const triggers = template.findResources('Custom::Trigger');
    const [trigger] = Object.values(triggers);
    expect(trigger).toBeDefined();
    expect(trigger?.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^Cluster/)]));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('migrations'),
      Timeout: 300,
      Environment: { Variables: Match.objectLike({ DATA_API_DATABASE: 'intello' }) },
    });
  });
});
