/**
 * Aurora PostgreSQL 17 Serverless v2 behind the RDS Data API. The VPC has isolated subnets
 * only: no NAT, because no Lambda runs in it; they all reach the database through the Data
 * API over HTTPS. A trigger runs the migrations after the cluster exists, on every deploy that
 * changes them.
 *
 * The master secret is the migration function's alone. Every other function reaches the
 * database as a least-privilege role (`appRole`, `authorizerRole`), each with its own secret
 * (docs/DATA.md "Database roles").
 */
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { IpAddresses, SubnetType, Vpc, FlowLogDestination, FlowLogTrafficType } from 'aws-cdk-lib/aws-ec2';
import {
  AuroraPostgresEngineVersion,
  ClusterInstance,
  DatabaseCluster,
  DatabaseClusterEngine,
} from 'aws-cdk-lib/aws-rds';
import { Trigger } from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import type { AppConfig } from '../config';
import { DATABASE_ROLES, type DatabaseRole } from '../../lambdas/shared/data-api/database-roles';
import { DatabaseRoleSecret } from '../constructs/database-role-secret';
import { IntelloFunction } from '../lambda-function';
import { acknowledge } from '../nag';

/** The database every function uses. */
export const DATABASE_NAME = 'intello';

export interface DataStackProps extends StackProps {
  config: AppConfig;
}

/** What a function needs to reach the database through the Data API as one role. */
export type DataApiTarget = Pick<DatabaseRoleSecret, 'clusterArn' | 'secretArn' | 'database' | 'grantDataApiAccess'>;

export class DataStack extends Stack {
  readonly cluster: DatabaseCluster;
  readonly clusterArn: string;
  /** The master user's secret: granted to the migration function only. */
  readonly masterSecretArn: string;
  readonly database = DATABASE_NAME;
  /** The application role (DML on the application tables): every API function. */
  readonly appRole: DatabaseRoleSecret;
  /** The authorizer's read-only role (the API keys table, once it exists). Granted to nobody yet. */
  readonly authorizerRole: DatabaseRoleSecret;
  readonly migrateFunction: IntelloFunction;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.removalPolicy === 'retain' ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY;

    const vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.42.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'db', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      flowLogs: {
        rejected: { destination: FlowLogDestination.toCloudWatchLogs(), trafficType: FlowLogTrafficType.REJECT },
      },
    });

    this.cluster = new DatabaseCluster(this, 'Cluster', {
      engine: DatabaseClusterEngine.auroraPostgres({ version: AuroraPostgresEngineVersion.VER_17_5 }),
      writer: ClusterInstance.serverlessV2('writer'),
      serverlessV2MinCapacity: config.dbMinCapacity,
      serverlessV2MaxCapacity: config.dbMaxCapacity,
      vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
      defaultDatabaseName: DATABASE_NAME,
      enableDataApi: true,
      storageEncrypted: true,
      iamAuthentication: true,
      backup: { retention: Duration.days(config.production ? 14 : 1) },
      deletionProtection: config.production,
      removalPolicy,
      cloudwatchLogsExports: ['postgresql'],
      cloudwatchLogsRetention: config.logRetentionDays,
    });
    const secret = this.cluster.secret;
    if (!secret) throw new Error('the cluster must keep its credentials in Secrets Manager');
    acknowledge(this.cluster.node.findChild('Secret'), [
      {
        id: 'AwsSolutions::AwsSolutions-SMG4',
        reason:
          'A rotation Lambda would need a VPC path to Secrets Manager (no NAT here); no function uses these credentials directly, only the Data API does.',
      },
    ]);
    if (!config.production) {
      acknowledge(this.cluster, [
        {
          id: 'AwsSolutions::AwsSolutions-RDS10',
          reason: `Stage ${config.stageName} is configured as non-production (context production=false), so its database is meant to be deletable.`,
        },
      ]);
    }
    // CDK's log-retention provider (for the exported postgresql log group) is a singleton it owns.
    const logRetentionProvider = this.node.children.find((c) => c.node.id.startsWith('LogRetention'));
    if (logRetentionProvider) {
      acknowledge(logRetentionProvider, [
        {
          id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: "CDK's own log-retention provider uses the basic execution role; it runs only at deploy time.",
        },
        {
          id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
          reason: "CDK's log-retention provider sets retention on log groups whose names it learns at deploy time.",
        },
      ]);
    }
    this.clusterArn = this.cluster.clusterArn;
    this.masterSecretArn = secret.secretArn;
    const roles = Object.fromEntries(
      DATABASE_ROLES.map((role) => [
        role,
        new DatabaseRoleSecret(this, pascalRole(role), { cluster: this.cluster, role, database: DATABASE_NAME }),
      ]),
    ) as Record<DatabaseRole, DatabaseRoleSecret>;
    this.appRole = roles.intello_app;
    this.authorizerRole = roles.intello_authorizer;

    const migrate = new IntelloFunction(this, 'Migrate', {
      name: 'migrate',
      description: 'Applies the SQL migrations through the Data API, retrying while the cluster resumes',
      environment: {
        ...dataApiEnvironment({
          clusterArn: this.clusterArn,
          secretArn: this.masterSecretArn,
          database: DATABASE_NAME,
        }),
        // After the migrations it sets each role's password from that role's secret.
        DATABASE_ROLE_SECRET_ARNS: Object.values(roles)
          .map((r) => r.secretArn)
          .join(','),
      },
      // The Data API waits while a paused cluster resumes; leave room for several resumes.
      timeout: Duration.minutes(5),
      logRetention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
      // The SQL files travel inside the asset, so changing a migration changes the handler and re-runs the trigger.
      assetFolders: ['migrations'],
    });
    // The one grant of the master secret (CDK's grantDataApiAccess reads the cluster's secret).
    this.cluster.grantDataApiAccess(migrate);
    for (const role of Object.values(roles)) role.grantRead(migrate);
    this.migrateFunction = migrate;
    new Trigger(this, 'MigrateOnDeploy', {
      handler: migrate,
      executeAfter: [this.cluster],
      executeOnHandlerChange: true,
      timeout: Duration.minutes(5),
    });
  }
}

/** `intello_app` → `AppRole`. */
function pascalRole(role: DatabaseRole): string {
  const name = role.replace(/^intello_/, '');
  return `${name[0]!.toUpperCase()}${name.slice(1)}Role`;
}

/** The environment that points a function's Data API client at this cluster. */
export function dataApiEnvironment(
  target: Pick<DataApiTarget, 'clusterArn' | 'secretArn' | 'database'>,
): Record<string, string> {
  return {
    DATA_API_RESOURCE_ARN: target.clusterArn,
    DATA_API_SECRET_ARN: target.secretArn,
    DATA_API_DATABASE: target.database,
  };
}
