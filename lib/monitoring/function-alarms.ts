/**
 * Errors and throttles of every Lambda function. Lambda's `Errors` counts what a handler did not
 * answer itself (a crash, a timeout, a failed cold start): the API functions turn their own
 * failures into 5xx answers, which the 5xx-rate alarm sees. The authorizer's errors are its
 * thrown 503s (the JWKS could not be fetched), with their own threshold.
 */
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic';
import { ALARM_PERIOD, ALARM_THRESHOLDS } from './thresholds';

/** A function to watch, with the name its alarms carry (`me`, `authorizer`, …). */
export interface WatchedFunction {
  name: string;
  fn: IFunction;
}

function countAlarm(
  scope: Construct,
  id: string,
  props: { metric: ReturnType<IFunction['metricErrors']>; threshold: number; description: string },
): Alarm {
  return new Alarm(scope, id, {
    alarmDescription: `${props.description} See docs/INFRASTRUCTURE.md "Alarms".`,
    metric: props.metric,
    threshold: props.threshold,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/** The authorizer's errors: each one is a 503 to a caller (the 503 path, never a Deny). */
export function authorizerErrorAlarm(scope: Construct, authorizer: IFunction, topic: AlarmTopic): Alarm {
  return topic.notify(
    countAlarm(scope, 'AuthorizerErrors', {
      metric: authorizer.metricErrors({ statistic: 'Sum', period: ALARM_PERIOD }),
      threshold: ALARM_THRESHOLDS.authorizerErrors,
      description: `The authorizer failed ${ALARM_THRESHOLDS.authorizerErrors}+ times in 5 minutes: callers got 503 (JWKS unreachable or the function failing).`,
    }),
  );
}

/** An errors alarm (unless `errors: false`, the authorizer's own) and a throttles alarm for one function. */
export function functionAlarms(
  scope: Construct,
  watched: WatchedFunction,
  topic: AlarmTopic,
  options: { errors: boolean } = { errors: true },
): Alarm[] {
  const id = watched.name.replace(/(^|-)(\w)/g, (_m, _dash, c: string) => c.toUpperCase());
  const alarms: Alarm[] = [];
  if (options.errors) {
    alarms.push(
      countAlarm(scope, `${id}FunctionErrors`, {
        metric: watched.fn.metricErrors({ statistic: 'Sum', period: ALARM_PERIOD }),
        threshold: ALARM_THRESHOLDS.functionErrors,
        description: `The ${watched.name} function failed without answering (crash, timeout or cold start).`,
      }),
    );
  }
  alarms.push(
    countAlarm(scope, `${id}FunctionThrottles`, {
      metric: watched.fn.metricThrottles({ statistic: 'Sum', period: ALARM_PERIOD }),
      threshold: ALARM_THRESHOLDS.functionThrottles,
      description: `The ${watched.name} function was throttled: its concurrency (or the account's) is exhausted.`,
    }),
  );
  return alarms.map((alarm) => topic.notify(alarm));
}
