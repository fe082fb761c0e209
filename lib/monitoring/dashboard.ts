/**
 * The one operations dashboard: the alarms' state first, then the metrics behind each alarm,
 * in the order a caller's request meets them (gateway, authorizer, functions, database).
 */
import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { type Alarm, AlarmStatusWidget, Dashboard, GraphWidget, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { DatabaseCluster } from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';
import { serverErrorRate } from './api-alarms';
import { acuUtilization, dataApiErrorMetric } from './database-alarms';
import type { WatchedFunction } from './function-alarms';
import { ALARM_PERIOD } from './thresholds';

export interface OperationsDashboardProps {
  stageName: string;
  publicApi: RestApi;
  authorizer: WatchedFunction;
  functions: WatchedFunction[];
  cluster: DatabaseCluster;
  alarms: Alarm[];
}

const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
  new GraphWidget({ title, left, right, width: 12, height: 6, period: ALARM_PERIOD });

/**
 * @example
 * operationsDashboard(this, { stageName, publicApi, authorizer, functions, cluster, alarms });
 */
export function operationsDashboard(scope: Construct, props: OperationsDashboardProps): Dashboard {
  const stage = props.publicApi.deploymentStage;
  const sum = { statistic: 'Sum', period: ALARM_PERIOD };
  const dashboard = new Dashboard(scope, 'Dashboard', {
    dashboardName: `intello-${props.stageName}`,
    defaultInterval: Duration.hours(3),
  });
  dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 4 }));
  dashboard.addWidgets(
    graph(
      'Public API: requests and 5xx',
      [stage.metricCount(sum), stage.metricServerError(sum), stage.metricClientError(sum)],
      [serverErrorRate(props.publicApi)],
    ),
    graph('Public API: latency (p99)', [
      stage.metricLatency({ statistic: 'p99', period: ALARM_PERIOD }),
      stage.metricIntegrationLatency({ statistic: 'p99', period: ALARM_PERIOD }),
    ]),
  );
  dashboard.addWidgets(
    graph(
      'Authorizer: invocations and errors (503)',
      [props.authorizer.fn.metricInvocations(sum)],
      [props.authorizer.fn.metricErrors(sum), props.authorizer.fn.metricThrottles(sum)],
    ),
    graph(
      'Functions: errors and throttles',
      props.functions.map((f) => f.fn.metricErrors({ ...sum, label: `${f.name} errors` })),
      props.functions.map((f) => f.fn.metricThrottles({ ...sum, label: `${f.name} throttles` })),
    ),
  );
  dashboard.addWidgets(
    graph('Data API errors (from function logs)', [dataApiErrorMetric(props.stageName)]),
    graph(
      'Aurora capacity',
      [props.cluster.metric('ServerlessDatabaseCapacity', { statistic: 'Maximum', period: ALARM_PERIOD })],
      [acuUtilization(props.cluster)],
    ),
  );
  return dashboard;
}
