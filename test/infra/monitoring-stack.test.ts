import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IntelloFunction } from '../../lib/lambda-function';
import { DATA_API_ERROR_NAMES } from '../../lib/monitoring/database-alarms';
import { synthApp } from './synth-app';

type Alarm = { Type: string; Properties: Record<string, any> };

describe('the monitoring stack', () => {
  const { monitoring, auth, data, api } = synthApp({ alarmEmail: 'ops@example.com' });
  const template = Template.fromStack(monitoring);
  const resources = template.toJSON().Resources as Record<string, Alarm>;
  const topicRef = { Ref: monitoring.getLogicalId(monitoring.topic.topic.node.defaultChild as CfnElement) };
  const alarms = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
  const alarm = (prefix: string) => {
    const found = alarms.filter(([id]) => id.startsWith(prefix) && /^[0-9A-F]{8}$/.test(id.slice(prefix.length)));
    expect(found).toHaveLength(1);
    return found[0]![1].Properties;
  };
  /** An alarm's one metric, whether rendered flat or (with a label) as a one-item `Metrics` list. */
  const metricOf = (props: Record<string, any>) => {
    const stat = props.Metrics?.[0]?.MetricStat;
    return stat
      ? { ...stat.Metric, Statistic: stat.Stat, Period: stat.Period }
      : {
          Namespace: props.Namespace,
          MetricName: props.MetricName,
          Dimensions: props.Dimensions,
          Statistic: props.Statistic,
          Period: props.Period,
        };
  };
  const dimensionOf = (props: Record<string, any>) => JSON.stringify(metricOf(props).Dimensions);

  it('notifies the alarm topic of every alarm, when it fires and when it recovers', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const [, { Properties }] of alarms) {
      expect(Properties.AlarmActions).toEqual([topicRef]);
      expect(Properties.OKActions).toEqual([topicRef]);
    }
  });

  it('encrypts the topic with its own rotated key that CloudWatch may use, and refuses non-TLS publishing', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('subscribes the alarmEmail to the topic, and no one when it is unset', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: topicRef,
    });
    const without = Template.fromStack(synthApp().monitoring);
    without.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('alarms on a public API 5xx rate of 5% or more for 10 minutes, once traffic is measurable', () => {
    const props = alarm('PublicApiServerErrors');
    expect(props).toMatchObject({
      Threshold: 5,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
    expect(props.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    const expression = props.Metrics.find((m: { Expression?: string }) => m.Expression);
    expect(expression.Expression).toBe('IF(requests >= 20, 100 * errors / requests, 0)');
    const metric = (id: string) => props.Metrics.find((m: { Id: string }) => m.Id === id).MetricStat;
    expect(metric('errors').Metric.MetricName).toBe('5XXError');
    expect(metric('requests').Metric.MetricName).toBe('Count');
    for (const id of ['errors', 'requests']) {
      expect(metric(id).Metric.Namespace).toBe('AWS/ApiGateway');
      expect(metric(id).Stat).toBe('Sum');
      expect(
        metric(id)
          .Metric.Dimensions.map((d: { Name: string }) => d.Name)
          .sort(),
      ).toEqual(['ApiName', 'Stage']);
      expect(JSON.stringify(metric(id).Metric.Dimensions)).toContain('intello-prod-public');
    }
  });

  it('alarms on 5 authorizer errors (the 503 path) in 5 minutes', () => {
    const props = alarm('AuthorizerErrors');
    expect(props.Threshold).toBe(5);
    expect(metricOf(props)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 300,
    });
    const authorizerId = auth.getLogicalId(auth.authorizerFunction.node.defaultChild as CfnElement);
    expect(dimensionOf(props)).toContain(authorizerId);
  });

  it('alarms on errors and throttles of every function of the app (the authorizer on its own errors alarm)', () => {
    const functions = [auth, data, api].flatMap((stack) =>
      stack.node.findAll().filter((c): c is IntelloFunction => c instanceof IntelloFunction),
    );
    expect(functions.map((f) => f.sourceName)).toEqual(
      expect.arrayContaining(['authorizer', 'migrate', 'health', 'me', 'specs']),
    );
    for (const fn of functions) {
      const id = fn.sourceName.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
      const logicalId = fn.stack.getLogicalId(fn.node.defaultChild as CfnElement);
      const throttles = alarm(`${id}FunctionThrottles`);
      expect(throttles.Threshold).toBe(1);
      expect(metricOf(throttles)).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles', Period: 300 });
      expect(dimensionOf(throttles)).toContain(logicalId);
      if (fn.sourceName === 'authorizer') continue;
      const errors = alarm(`${id}FunctionErrors`);
      expect(errors.Threshold).toBe(1);
      expect(metricOf(errors)).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Period: 300 });
      expect(dimensionOf(errors)).toContain(logicalId);
    }
  });

  it('counts Data API failures from every API function log and alarms on 5 in 5 minutes', () => {
    const props = alarm('DataApiErrors');
    expect(props.Threshold).toBe(5);
    expect(metricOf(props)).toMatchObject({
      Namespace: 'Intello/prod',
      MetricName: 'DataApiErrors',
      Statistic: 'Sum',
      Period: 300,
    });
    const filters = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter');
    expect(filters).toHaveLength(api.functions.size);
    for (const fn of api.functions.values()) {
      const logGroupId = api.getLogicalId(fn.logGroup.node.defaultChild as CfnElement);
      const filter = filters.find((f) => JSON.stringify(f.Properties.LogGroupName).includes(logGroupId));
      expect(filter?.Properties.MetricTransformations).toEqual([
        { MetricNamespace: 'Intello/prod', MetricName: 'DataApiErrors', MetricValue: '1' },
      ]);
      expect(filter?.Properties.FilterPattern).toMatch(/^\{ \$\.level = "ERROR" && \(/);
      for (const name of DATA_API_ERROR_NAMES)
        expect(filter?.Properties.FilterPattern).toContain(`$.error.name = "${name}"`);
    }
  });

  it('alarms when Aurora runs at 95% or more of its maximum ACUs for 15 minutes', () => {
    const props = alarm('AuroraCapacityAtMaximum');
    expect(metricOf(props)).toMatchObject({
      Namespace: 'AWS/RDS',
      MetricName: 'ACUUtilization',
      Statistic: 'Maximum',
      Period: 300,
    });
    expect(props).toMatchObject({
      Threshold: 95,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
    expect(metricOf(props).Dimensions[0].Name).toBe('DBClusterIdentifier');
    expect(dimensionOf(props)).toContain(data.getLogicalId(data.cluster.node.defaultChild as CfnElement));
  });

  it('has one dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'intello-prod' });
  });
});
