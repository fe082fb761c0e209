/**
 * Aurora PostgreSQL 17 Serverless v2 behind the RDS Data API. The VPC has isolated subnets
 * only: no NAT, because no Lambda runs in it; they all reach the database through the Data
 * API over HTTPS. A trigger runs the migrations after the cluster exists, on every deploy that
 * changes them.
 */
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { IpAddresses, SubnetType, Vpc, FlowLogDestination, FlowLogTrafficType } from 'aws-cdk-lib/aws-ec2';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import {
  AuroraPostgresEngineVersion,
  ClusterInstance,
  DatabaseCluster,
  DatabaseClusterEngine,
} from 'aws-cdk-lib/aws-rds';
import { Trigger } from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import type { AppConfig } from '../config';
import { IntelloFunction } from '../lambda-function';
import { acknowledge } from '../nag';

/** The database every function uses. */
export const DATABASE_NAME = 'intello';

export interface DataStackProps extends StackProps {
  config: AppConfig;
}

/** What a function needs to reach the database through the Data API. */
export interface DataApiTarget {
  clusterArn: string;
  secretArn: string;
  database: string;
  /** Grants `rds-data` on this one cluster and read on its one secret. */
  grantDataApiAccess(grantee: IGrantable): void;
}

export class DataStack extends Stack implements DataApiTarget {
  readonly cluster: DatabaseCluster;
  readonly clusterArn: string;
  readonly secretArn: string;
  readonly database = DATABASE_NAME;

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
    this.secretArn = secret.secretArn;

    const migrate = new IntelloFunction(this, 'Migrate', {
      name: 'migrate',
      description: 'Applies the SQL migrations through the Data API, retrying while the cluster resumes',
      environment: dataApiEnvironment(this),
      // The Data API waits while a paused cluster resumes; leave room for several resumes.
      timeout: Duration.minutes(5),
      logRetention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
      // The SQL files travel inside the asset, so changing a migration changes the handler and re-runs the trigger.
      assetFolders: ['migrations'],
    });
    this.grantDataApiAccess(migrate);
    new Trigger(this, 'MigrateOnDeploy', {
      handler: migrate,
      executeAfter: [this.cluster],
      executeOnHandlerChange: true,
      timeout: Duration.minutes(5),
    });
  }

  grantDataApiAccess(grantee: IGrantable): void {
    this.cluster.grantDataApiAccess(grantee);
  }
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
