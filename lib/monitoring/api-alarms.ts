/**
 * The public API's 5xx rate: what callers feel, whatever the cause (a function's 500, a 503 from
 * the database or the authorizer, a gateway timeout).
 */
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic';
import { ALARM_PERIOD, ALARM_THRESHOLDS } from './thresholds';

/**
 * The percentage of the public stage's requests answered 5xx, 0 while traffic is too thin to tell.
 *
 * @example
 * const rate = serverErrorRate(api.publicApi);
 */
export function serverErrorRate(restApi: RestApi): MathExpression {
  const stage = restApi.deploymentStage;
  return new MathExpression({
    expression: `IF(requests >= ${ALARM_THRESHOLDS.apiMinimumRequests}, 100 * errors / requests, 0)`,
    usingMetrics: {
      errors: stage.metricServerError({ statistic: 'Sum', period: ALARM_PERIOD }),
      requests: stage.metricCount({ statistic: 'Sum', period: ALARM_PERIOD }),
    },
    period: ALARM_PERIOD,
    label: 'Public API 5xx (%)',
  });
}

/** Fires when at least 5 % of the public API's requests fail with 5xx for 10 minutes. */
export function publicApiServerErrorAlarm(scope: Construct, restApi: RestApi, topic: AlarmTopic): Alarm {
  return topic.notify(
    new Alarm(scope, 'PublicApiServerErrors', {
      alarmDescription:
        'More than 5% of public API requests answered 5xx for 10 minutes (at least 20 requests per 5 minutes). See docs/INFRASTRUCTURE.md "Alarms".',
      metric: serverErrorRate(restApi),
      threshold: ALARM_THRESHOLDS.apiServerErrorPercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
  );
}
