/**
 * Database alarms.
 *
 * - **Data API errors.** CloudWatch has no Data API metric (the service reports calls to
 *   CloudTrail only), so the functions' own structured logs are the source: a metric filter
 *   counts every ERROR line whose `error.name` is a Data API failure (or the client's
 *   `RetriesExhaustedError` after a resume outlasted its budget). The error handler logs at ERROR
 *   only what it answers 5xx, so each count is a caller who got a 5xx from the database.
 * - **Aurora at its maximum capacity.** `ACUUtilization` is the writer's capacity as a
 *   percentage of the configured maximum ACUs: at ~100 % it cannot scale further.
 */
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { DatabaseCluster } from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic';
import { ALARM_PERIOD, ALARM_THRESHOLDS } from './thresholds';

/** The exception names the Data API answers with (docs/DATA.md), plus the client's give-up error. */
export const DATA_API_ERROR_NAMES = [
  'RetriesExhaustedError',
  'DatabaseErrorException',
  'DatabaseResumingException',
  'DatabaseUnavailableException',
  'StatementTimeoutException',
  'TransactionNotFoundException',
  'InternalServerErrorException',
  'ServiceUnavailableError',
  'ThrottlingException',
  'BadRequestException',
  'ForbiddenException',
  'AccessDeniedException',
  'SecretsErrorException',
  'InvalidSecretException',
  'HttpEndpointNotEnabledException',
  'DatabaseNotFoundException',
  'UnsupportedResultException',
] as const;

/** `{ $.level = "ERROR" && ($.error.name = "…" || …) }` over the Powertools JSON log lines. */
export function dataApiErrorPattern(): string {
  const names = DATA_API_ERROR_NAMES.map((name) => `$.error.name = "${name}"`).join(' || ');
  return `{ $.level = "ERROR" && (${names}) }`;
}

/** The custom metric the filters publish. */
export function dataApiErrorMetric(stageName: string): Metric {
  return new Metric({
    namespace: `Intello/${stageName}`,
    metricName: 'DataApiErrors',
    statistic: 'Sum',
    period: ALARM_PERIOD,
    label: 'Data API errors',
  });
}

/** One metric filter per function log group, and the alarm on their sum. */
export function dataApiErrorAlarm(
  scope: Construct,
  props: { stageName: string; logGroups: Array<{ name: string; logGroup: ILogGroup }>; topic: AlarmTopic },
): Alarm {
  const metric = dataApiErrorMetric(props.stageName);
  for (const { name, logGroup } of props.logGroups) {
    new MetricFilter(scope, `DataApiErrors-${name}`, {
      logGroup,
      filterPattern: FilterPattern.literal(dataApiErrorPattern()),
      metricNamespace: metric.namespace,
      metricName: metric.metricName,
      metricValue: '1',
    });
  }
  return props.topic.notify(
    new Alarm(scope, 'DataApiErrors', {
      alarmDescription: `The functions logged ${ALARM_THRESHOLDS.dataApiErrors}+ Data API failures in 5 minutes, each a 5xx to a caller. See docs/INFRASTRUCTURE.md "Alarms".`,
      metric,
      threshold: ALARM_THRESHOLDS.dataApiErrors,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
  );
}

/** `ACUUtilization` of the cluster (Maximum per 5 minutes). */
export function acuUtilization(cluster: DatabaseCluster): Metric {
  return cluster.metric('ACUUtilization', { statistic: 'Maximum', period: ALARM_PERIOD, label: 'ACU utilization (%)' });
}

/** Fires when the cluster has run at ≥ 95 % of its maximum ACUs for 15 minutes. */
export function auroraCapacityAlarm(scope: Construct, cluster: DatabaseCluster, topic: AlarmTopic): Alarm {
  return topic.notify(
    new Alarm(scope, 'AuroraCapacityAtMaximum', {
      alarmDescription: `Aurora has used ${ALARM_THRESHOLDS.auroraCapacityPercent}%+ of its maximum ACUs for 15 minutes: raise dbMaxCapacity or find the load. See docs/INFRASTRUCTURE.md "Alarms".`,
      metric: acuUtilization(cluster),
      threshold: ALARM_THRESHOLDS.auroraCapacityPercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      // A paused cluster (0 ACU) reports nothing: that is not a capacity problem.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
  );
}
