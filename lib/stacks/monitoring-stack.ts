/**
 * Alarms an operator expects, on one SNS topic (email when context `alarmEmail` is set), and one
 * dashboard. Its own stack, deployed after the others: it only watches them, so it can change
 * (a threshold, a widget) without touching what serves traffic. Every alarm and its threshold
 * is listed in docs/INFRASTRUCTURE.md "Alarms".
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AppConfig } from '../config';
import { IntelloFunction } from '../lambda-function';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { publicApiServerErrorAlarm } from '../monitoring/api-alarms';
import { operationsDashboard } from '../monitoring/dashboard';
import { auroraCapacityAlarm, dataApiErrorAlarm } from '../monitoring/database-alarms';
import { authorizerErrorAlarm, functionAlarms, type WatchedFunction } from '../monitoring/function-alarms';
import type { ApiStack } from './api-stack';
import type { AuthStack } from './auth-stack';
import type { DataStack } from './data-stack';

export interface MonitoringStackProps extends StackProps {
  config: AppConfig;
  auth: AuthStack;
  data: DataStack;
  api: ApiStack;
}

/** Every `IntelloFunction` of a stack, named by its folder under `lambdas/`. */
function functionsOf(stack: Stack): WatchedFunction[] {
  return stack.node
    .findAll()
    .filter((c): c is IntelloFunction => c instanceof IntelloFunction)
    .map((fn) => ({ name: fn.sourceName, fn }));
}

export class MonitoringStack extends Stack {
  readonly topic: AlarmTopic;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config, auth, data, api } = props;
    this.topic = new AlarmTopic(this, 'Alarms', { stageName: config.stageName, email: config.alarmEmail });
    const authorizer = { name: 'authorizer', fn: auth.authorizerFunction };
    const others = [...functionsOf(data), ...functionsOf(api)];
    const alarms = [
      publicApiServerErrorAlarm(this, api.publicApi, this.topic),
      authorizerErrorAlarm(this, authorizer.fn, this.topic),
      ...functionAlarms(this, authorizer, this.topic, { errors: false }),
      ...others.flatMap((watched) => functionAlarms(this, watched, this.topic)),
      dataApiErrorAlarm(this, {
        stageName: config.stageName,
        logGroups: [...api.functions].map(([name, fn]) => ({ name, logGroup: fn.logGroup })),
        topic: this.topic,
      }),
      auroraCapacityAlarm(this, data.cluster, this.topic),
    ];
    operationsDashboard(this, {
      stageName: config.stageName,
      publicApi: api.publicApi,
      authorizer,
      functions: others,
      cluster: data.cluster,
      alarms,
    });
  }
}
