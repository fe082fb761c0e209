/**
 * The SNS topic every alarm notifies, encrypted with its own KMS key and refusing plain HTTP
 * publishes (cdk-nag SNS2, SNS3). Its own key, not `alias/aws/sns`: CloudWatch alarms cannot
 * publish to a topic under the AWS-managed key, whose policy cannot grant them `kms:Decrypt`.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  stageName: string;
  /** Subscribed by email when given (context `alarmEmail`). */
  email: string | undefined;
}

/**
 * @example
 * const { topic } = new AlarmTopic(this, 'Alarms', { stageName: 'prod', email: 'ops@example.com' });
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const key = new Key(this, 'Key', {
      description: `Encrypts the intello-${props.stageName} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', {
      displayName: `Intello ${props.stageName} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
  }

  /** Notifies the topic when `alarm` fires and when it recovers. */
  notify(alarm: Alarm): Alarm {
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}
