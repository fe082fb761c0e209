/**
 * One least-privilege database role's credentials: a Secrets Manager secret shaped as RDS
 * shapes its own (`username`, `password`, `engine`, `host`, `port`, `dbname`, attached to the
 * cluster), which the Data API accepts as `secretArn`. CDK generates the password; the
 * migration trigger gives it to the role (`lambdas/migrate/role-passwords.ts`).
 *
 * A function granted access through it may call the Data API on this cluster and read this one
 * secret: never the master secret, never another role's.
 */
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type DatabaseCluster, DatabaseSecret } from 'aws-cdk-lib/aws-rds';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DatabaseRole } from '../../lambdas/shared/data-api/database-roles';
import { acknowledge } from '../nag';

/** The Data API actions a function needs (CDK's `grantDataApiAccess` list, without the master secret). */
export const DATA_API_ACTIONS = [
  'rds-data:BatchExecuteStatement',
  'rds-data:BeginTransaction',
  'rds-data:CommitTransaction',
  'rds-data:ExecuteStatement',
  'rds-data:RollbackTransaction',
];

export interface DatabaseRoleSecretProps {
  cluster: DatabaseCluster;
  role: DatabaseRole;
  database: string;
}

/**
 * A role's secret, and the grant that lets a function use the Data API as that role.
 *
 * @example
 * const app = new DatabaseRoleSecret(this, 'AppRole', { cluster, role: 'intello_app', database: 'intello' });
 * app.grantDataApiAccess(fn);
 */
export class DatabaseRoleSecret extends Construct {
  readonly role: DatabaseRole;
  readonly clusterArn: string;
  readonly database: string;
  /** The attached secret's ARN: referencing it orders every user after the attachment. */
  readonly secretArn: string;
  readonly secret: ISecret;

  constructor(scope: Construct, id: string, props: DatabaseRoleSecretProps) {
    super(scope, id);
    this.role = props.role;
    this.clusterArn = props.cluster.clusterArn;
    this.database = props.database;
    const secret = new DatabaseSecret(this, 'Secret', { username: props.role, dbname: props.database });
    this.secret = secret.attach(props.cluster);
    this.secretArn = this.secret.secretArn;
    acknowledge(secret, [
      {
        id: 'AwsSolutions::AwsSolutions-SMG4',
        reason: `The ${props.role} password is set from this secret by the migration trigger; a rotation Lambda would need a VPC path to Secrets Manager (no NAT here), so a new password is a replaced secret and a deploy (docs/SECURITY.md).`,
      },
    ]);
  }

  /** `rds-data` on the cluster and `secretsmanager:GetSecretValue` on this role's secret, nothing more. */
  grantDataApiAccess(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: DATA_API_ACTIONS, resources: [this.clusterArn] }),
    );
    this.grantRead(grantee);
  }

  /** `secretsmanager:GetSecretValue` on this role's secret (the migration function sets its password). */
  grantRead(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.secretArn] }),
    );
  }
}
