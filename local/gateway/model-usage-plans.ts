/**
 * The usage plans attached to one of the API's stages (`AWS::ApiGateway::UsagePlan`), and the API
 * keys (`AWS::ApiGateway::ApiKey`) those plans hold. A key whose value is a secret that was not
 * supplied is kept, with a warning, and matches nothing.
 */
import type { ApiKeyModel, UsagePlanModel } from './model';
import type { ApiScope, Found } from './model-scope';
import { throttleOf } from './model-stages';
import type { ThrottleSettings } from './token-bucket';

export function usagePlansOf(scope: ApiScope): UsagePlanModel[] {
  return scope.all('AWS::ApiGateway::UsagePlan').flatMap((found) => {
    const plan = usagePlanOf(scope, found);
    return plan === undefined ? [] : [plan];
  });
}

function usagePlanOf(scope: ApiScope, found: Found): UsagePlanModel | undefined {
  const { ctx, str } = scope;
  const id = ctx.physicalId(found.stack, found.logicalId);
  const apiStages = ((ctx.resolve(found.stack, found.props['ApiStages']) ?? []) as Record<string, unknown>[]).filter(
    (entry) => entry['ApiId'] === scope.apiId,
  );
  if (apiStages.length === 0) return undefined;
  const quota = ctx.resolve(found.stack, found.props['Quota']) as { Limit?: number; Period?: string } | undefined;
  return {
    id,
    logicalId: found.logicalId,
    stages: apiStages.map((entry) => ({
      stage: String(entry['Stage']),
      methodThrottles: methodThrottles(entry['Throttle']),
    })),
    throttle: throttleOf(ctx.resolve(found.stack, found.props['Throttle'])),
    quota:
      quota?.Limit === undefined
        ? undefined
        : { limit: Number(quota.Limit), period: (quota.Period ?? 'DAY') as 'DAY' | 'WEEK' | 'MONTH' },
    apiKeyIds: scope
      .all('AWS::ApiGateway::UsagePlanKey')
      .filter((key) => str(key, key.props['UsagePlanId']) === id)
      .map((key) => str(key, key.props['KeyId']))
      .filter((key): key is string => key !== undefined),
  };
}

/** The API keys some plan of `usagePlans` holds. */
export function apiKeysOf(scope: ApiScope, usagePlans: UsagePlanModel[]): ApiKeyModel[] {
  const { ctx, str } = scope;
  const keyIds = new Set(usagePlans.flatMap((plan) => plan.apiKeyIds));
  return scope
    .all('AWS::ApiGateway::ApiKey')
    .map((found) => ({ found, id: ctx.physicalId(found.stack, found.logicalId) }))
    .filter(({ id }) => keyIds.has(id))
    .map(({ found, id }): ApiKeyModel => {
      const value = str(found, found.props['Value']);
      const unresolved = value?.includes('{{resolve:');
      if (unresolved || value === undefined)
        scope.warnings.push(
          `${found.logicalId}: API key value unknown locally (supply its secret); the key matches nothing`,
        );
      return {
        id,
        logicalId: found.logicalId,
        value: unresolved ? undefined : value,
        enabled: found.props['Enabled'] !== false && found.props['Enabled'] !== 'false',
      };
    });
}

function methodThrottles(value: unknown): Record<string, ThrottleSettings> {
  const out: Record<string, ThrottleSettings> = {};
  for (const [key, settings] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    const throttle = throttleOf(settings);
    if (throttle !== undefined) out[key] = throttle;
  }
  return out;
}
