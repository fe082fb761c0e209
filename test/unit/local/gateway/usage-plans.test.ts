import type { RestApiModel } from '../../../../local/gateway/model';
import { createUsagePlanEnforcer, quotaWindow } from '../../../../local/gateway/usage-plans';

const api = (overrides: Partial<RestApiModel> = {}): RestApiModel => ({
  stackName: 'S',
  logicalId: 'Api',
  name: 'Api',
  apiId: 'api0000001',
  rootResourceId: 'root',
  resources: [],
  authorizers: {},
  gatewayResponses: {},
  stages: [{ name: 'prod', variables: null, deploymentId: undefined, throttles: [] }],
  usagePlans: [
    {
      id: 'plan1',
      logicalId: 'Plan',
      stages: [{ stage: 'prod', methodThrottles: { '/slow/GET': { rateLimit: 1, burstLimit: 1 } } }],
      throttle: { rateLimit: 10, burstLimit: 5 },
      quota: { limit: 7, period: 'DAY' },
      apiKeyIds: ['key1', 'key2'],
    },
  ],
  apiKeys: [
    { id: 'key1', logicalId: 'Key1', value: 'key-one-0123456789abcdef', enabled: true },
    { id: 'key2', logicalId: 'Key2', value: 'key-two-0123456789abcdef', enabled: true },
  ],
  binaryMediaTypes: [],
  apiKeySource: 'HEADER',
  warnings: [],
  ...overrides,
});

describe('the usage-plan enforcer', () => {
  let now = Date.UTC(2026, 10, 29, 12);
  const clock = () => now;

  it('accepts a key of a plan attached to the stage and refuses it on another stage', () => {
    expect(
      createUsagePlanEnforcer(api(), 'prod', clock).checkKey('key-one-0123456789abcdef', '/orgs', 'GET'),
    ).toMatchObject({ ok: true, apiKey: { id: 'key1' } });
    expect(
      createUsagePlanEnforcer(api(), 'dev', clock).checkKey('key-one-0123456789abcdef', '/orgs', 'GET'),
    ).toMatchObject({ ok: false, responseType: 'INVALID_API_KEY' });
  });

  it('refuses a missing, unknown or unresolved key', () => {
    const plans = createUsagePlanEnforcer(
      api({ apiKeys: [{ id: 'key1', logicalId: 'Key1', value: undefined, enabled: true }] }),
      'prod',
      clock,
    );
    expect(plans.checkKey(undefined, '/orgs', 'GET')).toMatchObject({
      ok: false,
      responseType: 'INVALID_API_KEY',
      reason: 'no API key',
    });
    expect(plans.checkKey('', '/orgs', 'GET')).toMatchObject({ ok: false, reason: 'no API key' });
    expect(plans.checkKey('anything', '/orgs', 'GET')).toMatchObject({ ok: false, reason: 'unknown API key' });
  });

  it('throttles each key on its own bucket, and a method with its own throttle on a separate one', () => {
    const plans = createUsagePlanEnforcer(api(), 'prod', clock);
    const results = Array.from({ length: 6 }, () => plans.checkKey('key-one-0123456789abcdef', '/orgs', 'GET').ok);
    expect(results).toEqual([true, true, true, true, true, false]);
    expect(plans.checkKey('key-two-0123456789abcdef', '/orgs', 'GET').ok).toBe(true);
    expect(plans.checkKey('key-one-0123456789abcdef', '/slow', 'GET').ok).toBe(true);
    expect(plans.checkKey('key-one-0123456789abcdef', '/slow', 'GET')).toMatchObject({
      ok: false,
      responseType: 'THROTTLED',
    });
  });

  it('counts the quota per UTC day and resets it the next day', () => {
    const plans = createUsagePlanEnforcer(
      api({
        usagePlans: [
          { ...api().usagePlans[0]!, throttle: undefined, stages: [{ stage: 'prod', methodThrottles: {} }] },
        ],
      }),
      'prod',
      clock,
    );
    const results = Array.from({ length: 8 }, () => plans.checkKey('key-one-0123456789abcdef', '/orgs', 'GET'));
    expect(results.filter((r) => r.ok)).toHaveLength(7);
    expect(results[7]).toMatchObject({ ok: false, responseType: 'QUOTA_EXCEEDED' });
    now += 12 * 3600_000;
    expect(plans.checkKey('key-one-0123456789abcdef', '/orgs', 'GET').ok).toBe(true);
  });

  it('applies stage throttling, a method setting before the stage-wide one', () => {
    const stages = [
      {
        name: 'prod',
        variables: null,
        deploymentId: undefined,
        throttles: [
          { resourcePath: '/*', httpMethod: '*', settings: { rateLimit: 1, burstLimit: 2 } },
          { resourcePath: '/health', httpMethod: 'GET', settings: { rateLimit: 1, burstLimit: 1 } },
        ],
      },
    ];
    const plans = createUsagePlanEnforcer(api({ stages }), 'prod', clock);
    expect([plans.takeStageToken('/health', 'GET'), plans.takeStageToken('/health', 'GET')]).toEqual([true, false]);
    expect([
      plans.takeStageToken('/orgs', 'GET'),
      plans.takeStageToken('/orgs', 'POST'),
      plans.takeStageToken('/orgs', 'GET'),
    ]).toEqual([true, true, false]);
  });

  it('lets every request through when stage throttling is turned off, as the load bench does', () => {
    const stages = [
      {
        name: 'prod',
        variables: null,
        deploymentId: undefined,
        throttles: [{ resourcePath: '/*', httpMethod: '*', settings: { rateLimit: 1, burstLimit: 1 } }],
      },
    ];
    const plans = createUsagePlanEnforcer(api({ stages }), 'prod', clock, { stageThrottling: false });
    expect([1, 2, 3].map(() => plans.takeStageToken('/health', 'GET'))).toEqual([true, true, true]);
  });
});

describe('quotaWindow', () => {
  it('starts days at UTC midnight, weeks on Sunday and months on the first', () => {
    const wednesday = Date.UTC(2026, 10, 25, 15, 30);
    expect(quotaWindow('DAY', wednesday)).toBe(Date.UTC(2026, 10, 25));
    expect(quotaWindow('WEEK', wednesday)).toBe(Date.UTC(2026, 10, 22));
    expect(quotaWindow('MONTH', wednesday)).toBe(Date.UTC(2026, 10, 1));
  });
});
