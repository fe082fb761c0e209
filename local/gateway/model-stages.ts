/** The API's stages (`AWS::ApiGateway::Stage`) with their variables and method-setting throttles. */
import type { StageModel, StageThrottle } from './model';
import type { ApiScope } from './model-scope';
import type { ThrottleSettings } from './token-bucket';

export function stagesOf(scope: ApiScope): StageModel[] {
  const { ctx, str } = scope;
  return scope.mine('AWS::ApiGateway::Stage').map((found) => ({
    name: str(found, found.props['StageName']) ?? 'prod',
    variables: nonEmptyRecord(ctx.resolve(found.stack, found.props['Variables'])),
    deploymentId: str(found, found.props['DeploymentId']),
    throttles: stageThrottles(ctx.resolve(found.stack, found.props['MethodSettings'])),
  }));
}

/** A CloudFormation `{ RateLimit, BurstLimit }`, undefined when it sets neither. */
export function throttleOf(value: unknown): ThrottleSettings | undefined {
  const throttle = value as { RateLimit?: number; BurstLimit?: number } | undefined;
  if (throttle?.RateLimit === undefined && throttle?.BurstLimit === undefined) return undefined;
  const rateLimit = Number(throttle.RateLimit ?? Number.POSITIVE_INFINITY);
  // Without a burst, a bucket of one second of rate (at least one request).
  return { rateLimit, burstLimit: Number(throttle.BurstLimit ?? Math.max(1, Math.ceil(rateLimit))) };
}

function stageThrottles(value: unknown): StageThrottle[] {
  return ((value ?? []) as Record<string, unknown>[]).flatMap((setting) => {
    const throttle = throttleOf({
      RateLimit: setting['ThrottlingRateLimit'],
      BurstLimit: setting['ThrottlingBurstLimit'],
    });
    if (throttle === undefined) return [];
    const resourcePath = String(setting['ResourcePath'] ?? '/*').replace(/~1/g, '/');
    return [{ resourcePath, httpMethod: String(setting['HttpMethod'] ?? '*'), settings: throttle }];
  });
}

function nonEmptyRecord(value: unknown): Record<string, string> | null {
  if (value === null || typeof value !== 'object' || Object.keys(value).length === 0) return null;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, String(v)]));
}
