/**
 * API keys and usage plans for methods with `apiKeyRequired`. A key is accepted only if it is
 * enabled and belongs to a usage plan attached to this API and stage (a key of another API's
 * plan is as good as none: 403 INVALID_API_KEY). The plan's throttle — per method when the plan
 * declares one for it, else plan-wide — is a token bucket per key (429 THROTTLED); its quota
 * counts requests per key per UTC day, week (from Sunday) or month (429 QUOTA_EXCEEDED).
 * Stage-level method throttling (no key involved) is checked here too.
 */
import type { Clock } from './clock';
import type { ApiKeyModel, RestApiModel, UsagePlanModel } from './model';
import { createBucketSet } from './token-bucket';

export type KeyCheck =
  | { ok: true; apiKey: ApiKeyModel; plan: UsagePlanModel }
  | { ok: false; responseType: 'INVALID_API_KEY' | 'THROTTLED' | 'QUOTA_EXCEEDED'; reason: string };

export interface UsagePlanEnforcer {
  /** Validates the key of a request to `resourcePath` + `httpMethod` and takes from its buckets. */
  checkKey(keyValue: string | undefined, resourcePath: string, httpMethod: string): KeyCheck;
  /** Stage throttling of the method; false when the request must be answered 429. */
  takeStageToken(resourcePath: string, httpMethod: string): boolean;
}

/**
 * Key and throttle checks for one API stage.
 *
 * @example
 * const plans = createUsagePlanEnforcer(api, 'prod', () => Date.now());
 * plans.checkKey(req.headers['x-api-key'], '/internal/orgs', 'GET'); // { ok: false, responseType: 'INVALID_API_KEY', ... }
 */
export function createUsagePlanEnforcer(
  api: RestApiModel,
  stageName: string,
  clock: Clock,
  { stageThrottling = true }: { stageThrottling?: boolean } = {},
): UsagePlanEnforcer {
  const buckets = createBucketSet(clock);
  const quotaUsed = new Map<string, { window: number; count: number }>();
  const stage = api.stages.find((candidate) => candidate.name === stageName);
  return {
    checkKey(keyValue, resourcePath, httpMethod) {
      if (keyValue === undefined || keyValue === '')
        return { ok: false, responseType: 'INVALID_API_KEY', reason: 'no API key' };
      const apiKey = api.apiKeys.find((key) => key.value !== undefined && key.value === keyValue);
      if (apiKey === undefined) return { ok: false, responseType: 'INVALID_API_KEY', reason: 'unknown API key' };
      if (!apiKey.enabled)
        return { ok: false, responseType: 'INVALID_API_KEY', reason: `API key ${apiKey.logicalId} is disabled` };
      const found = api.usagePlans
        .filter((plan) => plan.apiKeyIds.includes(apiKey.id))
        .map((plan) => ({ plan, stage: plan.stages.find((entry) => entry.stage === stageName) }))
        .find((candidate) => candidate.stage !== undefined);
      if (found === undefined)
        return {
          ok: false,
          responseType: 'INVALID_API_KEY',
          reason: `API key ${apiKey.logicalId} is in no usage plan of stage ${stageName}`,
        };
      const { plan } = found;
      const methodKey = `${resourcePath}/${httpMethod}`;
      const methodThrottle = found.stage!.methodThrottles[methodKey];
      const throttle = methodThrottle ?? plan.throttle;
      const bucketKey = methodThrottle ? `${plan.id}/${apiKey.id}/${methodKey}` : `${plan.id}/${apiKey.id}`;
      if (throttle !== undefined && !buckets.tryTake(bucketKey, throttle))
        return { ok: false, responseType: 'THROTTLED', reason: `usage plan ${plan.logicalId} throttle` };
      if (plan.quota !== undefined) {
        const window = quotaWindow(plan.quota.period, clock());
        const key = `${plan.id}/${apiKey.id}`;
        const used = quotaUsed.get(key);
        const count = used !== undefined && used.window === window ? used.count : 0;
        if (count >= plan.quota.limit)
          return { ok: false, responseType: 'QUOTA_EXCEEDED', reason: `usage plan ${plan.logicalId} quota` };
        quotaUsed.set(key, { window, count: count + 1 });
      }
      return { ok: true, apiKey, plan };
    },
    takeStageToken(resourcePath, httpMethod) {
      if (!stageThrottling) return true;
      const throttles = stage?.throttles ?? [];
      const setting =
        throttles.find((t) => t.resourcePath === resourcePath && t.httpMethod === httpMethod) ??
        throttles.find((t) => t.resourcePath === '/*' && t.httpMethod === '*');
      if (setting === undefined) return true;
      return buckets.tryTake(`stage/${setting.resourcePath}/${setting.httpMethod}`, setting.settings);
    },
  };
}

/** The start (ms) of the quota period containing `now`, in UTC. */
export function quotaWindow(period: 'DAY' | 'WEEK' | 'MONTH', now: number): number {
  const date = new Date(now);
  if (period === 'MONTH') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return period === 'WEEK' ? day - date.getUTCDay() * 86_400_000 : day;
}
