/**
 * Builds the model of every `AWS::ApiGateway::RestApi` in an assembly: its resource tree and
 * methods, authorizers, gateway responses, stages, and the usage plans and API keys attached to
 * it — everything the gateway server needs, resolved through the intrinsics that connect them.
 *
 * Nothing is silently skipped: a piece that cannot be resolved locally (an authorizer whose
 * function is outside the assembly, an API key whose secret was not supplied) is kept with a
 * warning, and the server fails closed on it.
 */
import type { AssemblyFunction, CloudAssembly, StackTemplate } from './cloud-assembly';
import { RESPONSE_TYPES, type GatewayResponseModel, type GatewayResponseType } from './gateway-responses';
import { ResolutionContext, UnresolvableError } from './intrinsics';
import { requestedMockStatus } from './mock-integration';
import type { ThrottleSettings } from './token-bucket';

/** The Lambda function an integration or authorizer invokes. */
export interface LambdaTarget {
  functionArn: string;
  functionName: string;
  /** The assembly's function, undefined when it is defined outside the assembly. */
  definition: AssemblyFunction | undefined;
}

export interface MockIntegrationResponse {
  statusCode: number;
  selectionPattern?: string;
  headers: Record<string, string>;
  templates: Record<string, string>;
}

export type IntegrationModel =
  | { type: 'AWS_PROXY'; target: LambdaTarget | undefined; timeoutMs: number }
  | { type: 'MOCK'; requestedStatus: number; responses: MockIntegrationResponse[] }
  | { type: 'UNSUPPORTED'; description: string };

export interface MethodModel {
  logicalId: string;
  httpMethod: string;
  resourceId: string;
  resourcePath: string;
  authorizationType: 'NONE' | 'CUSTOM' | 'AWS_IAM' | 'COGNITO_USER_POOLS';
  authorizerId: string | undefined;
  apiKeyRequired: boolean;
  integration: IntegrationModel;
}

export interface ResourceModel {
  id: string;
  path: string;
  methods: Record<string, MethodModel>;
}

export interface AuthorizerModel {
  id: string;
  logicalId: string;
  name: string;
  type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS';
  /** The header name of `method.request.header.<name>`. */
  identityHeader: string | undefined;
  identitySource: string;
  validationRegex: string | undefined;
  ttlSeconds: number;
  target: LambdaTarget | undefined;
}

export interface StageThrottle {
  /** `/*` or a resource path; `*` or a verb. */
  resourcePath: string;
  httpMethod: string;
  settings: ThrottleSettings;
}

export interface StageModel {
  name: string;
  variables: Record<string, string> | null;
  deploymentId: string | undefined;
  throttles: StageThrottle[];
}

export interface ApiKeyModel {
  id: string;
  logicalId: string;
  /** Undefined when it could not be resolved (a secret that was not supplied). */
  value: string | undefined;
  enabled: boolean;
}

export interface UsagePlanModel {
  id: string;
  logicalId: string;
  /** Stages of this API the plan is attached to, with per-method throttles (`/path/VERB`). */
  stages: { stage: string; methodThrottles: Record<string, ThrottleSettings> }[];
  throttle: ThrottleSettings | undefined;
  quota: { limit: number; period: 'DAY' | 'WEEK' | 'MONTH' } | undefined;
  apiKeyIds: string[];
}

export interface RestApiModel {
  stackName: string;
  logicalId: string;
  name: string;
  apiId: string;
  rootResourceId: string;
  resources: ResourceModel[];
  authorizers: Record<string, AuthorizerModel>;
  gatewayResponses: Partial<Record<GatewayResponseType, GatewayResponseModel>>;
  stages: StageModel[];
  usagePlans: UsagePlanModel[];
  apiKeys: ApiKeyModel[];
  binaryMediaTypes: string[];
  apiKeySource: 'HEADER' | 'AUTHORIZER';
  warnings: string[];
}

export interface BuildOptions {
  /** Secret values for `{{resolve:secretsmanager:…}}` (API key values), keyed by reference, ARN, name, logical id or construct id. */
  secrets?: Record<string, string>;
  /** SSM parameter values that win over the assembly's. */
  ssmParameters?: Record<string, string>;
}

interface Found {
  stack: StackTemplate;
  logicalId: string;
  props: Record<string, unknown>;
}

/**
 * Every RestApi of the assembly, resolved.
 *
 * @example
 * const [publicApi] = buildApiModels(loadCloudAssembly('cdk.out'), { secrets: { PlatformApiKeySecret: key } });
 */
export function buildApiModels(assembly: CloudAssembly, options: BuildOptions = {}): RestApiModel[] {
  const ctx = new ResolutionContext(assembly.stacks, {
    region: assembly.region,
    accountId: assembly.accountId,
    ssmParameters: { ...assembly.context.options.ssmParameters, ...options.ssmParameters },
    secrets: { ...assembly.context.options.secrets, ...options.secrets },
  });
  const all = (type: string): Found[] =>
    assembly.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {})
        .filter(([, resource]) => resource.Type === type)
        .map(([logicalId, resource]) => ({ stack, logicalId, props: resource.Properties ?? {} })),
    );
  return all('AWS::ApiGateway::RestApi').map((api) => buildOne(assembly, ctx, api, all));
}

function buildOne(
  assembly: CloudAssembly,
  ctx: ResolutionContext,
  api: Found,
  all: (type: string) => Found[],
): RestApiModel {
  const warnings: string[] = [];
  const apiId = ctx.physicalId(api.stack, api.logicalId);
  const str = (found: Found, value: unknown): string | undefined => {
    try {
      return value === undefined ? undefined : ctx.resolveString(found.stack, value);
    } catch (error) {
      if (!(error instanceof UnresolvableError)) throw error;
      warnings.push(`${found.stack.stackName}/${found.logicalId}: ${error.message}`);
      return undefined;
    }
  };
  const mine = (type: string, idKey = 'RestApiId') =>
    all(type).filter((found) => str(found, found.props[idKey]) === apiId);
  const rootResourceId = ctx.attribute(api.stack, api.logicalId, 'RootResourceId');
  const target = (found: Found, uri: unknown) =>
    lambdaTarget(assembly, str(found, uri), `${found.stack.stackName}/${found.logicalId}`, warnings);

  const paths = new Map<string, string>([[rootResourceId, '/']]);
  const pending = mine('AWS::ApiGateway::Resource').map((found) => ({
    id: ctx.physicalId(found.stack, found.logicalId),
    parentId: str(found, found.props['ParentId']),
    pathPart: String(found.props['PathPart']),
  }));
  for (let progress = true; progress; ) {
    progress = false;
    for (const resource of pending) {
      const parent = resource.parentId === undefined ? undefined : paths.get(resource.parentId);
      if (paths.has(resource.id) || parent === undefined) continue;
      paths.set(resource.id, `${parent === '/' ? '' : parent}/${resource.pathPart}`);
      progress = true;
    }
  }
  const resources = new Map<string, ResourceModel>([...paths].map(([id, path]) => [id, { id, path, methods: {} }]));

  for (const found of mine('AWS::ApiGateway::Method')) {
    const resourceId = str(found, found.props['ResourceId']) ?? '';
    const resource = resources.get(resourceId);
    if (resource === undefined) {
      warnings.push(`${found.logicalId}: its resource is not part of the API`);
      continue;
    }
    const httpMethod = String(found.props['HttpMethod']).toUpperCase();
    resource.methods[httpMethod] = {
      logicalId: found.logicalId,
      httpMethod,
      resourceId,
      resourcePath: resource.path,
      authorizationType: String(found.props['AuthorizationType'] ?? 'NONE') as MethodModel['authorizationType'],
      authorizerId: str(found, found.props['AuthorizerId']),
      apiKeyRequired: found.props['ApiKeyRequired'] === true || found.props['ApiKeyRequired'] === 'true',
      integration: integrationOf(found, (uri) => target(found, uri)),
    };
  }

  const authorizers: Record<string, AuthorizerModel> = {};
  for (const found of mine('AWS::ApiGateway::Authorizer')) {
    const id = ctx.physicalId(found.stack, found.logicalId);
    const identitySource = String(found.props['IdentitySource'] ?? '');
    const ttl = found.props['AuthorizerResultTtlInSeconds'];
    authorizers[id] = {
      id,
      logicalId: found.logicalId,
      name: str(found, found.props['Name']) ?? found.logicalId,
      type: String(found.props['Type']) as AuthorizerModel['type'],
      identitySource,
      identityHeader: /^method\.request\.header\.(.+)$/.exec(identitySource)?.[1],
      validationRegex: str(found, found.props['IdentityValidationExpression']),
      ttlSeconds: ttl === undefined ? 300 : Number(ttl),
      target: found.props['AuthorizerUri'] === undefined ? undefined : target(found, found.props['AuthorizerUri']),
    };
  }

  const gatewayResponses: RestApiModel['gatewayResponses'] = {};
  for (const found of mine('AWS::ApiGateway::GatewayResponse')) {
    const type = String(found.props['ResponseType']) as GatewayResponseType;
    if (!RESPONSE_TYPES.includes(type)) {
      warnings.push(`${found.logicalId}: unknown gateway response type ${type}`);
      continue;
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries((found.props['ResponseParameters'] ?? {}) as Record<string, unknown>)) {
      const name = /^gatewayresponse\.header\.(.+)$/.exec(key)?.[1];
      const resolved = str(found, value);
      if (name !== undefined && resolved !== undefined) headers[name] = resolved;
    }
    const statusCode = found.props['StatusCode'];
    gatewayResponses[type] = {
      type,
      ...(statusCode === undefined ? {} : { statusCode: Number(str(found, statusCode)) }),
      headers,
      templates: (ctx.resolve(found.stack, found.props['ResponseTemplates']) ?? {}) as Record<string, string>,
    };
  }

  const stages: StageModel[] = mine('AWS::ApiGateway::Stage').map((found) => ({
    name: str(found, found.props['StageName']) ?? 'prod',
    variables: nonEmptyRecord(ctx.resolve(found.stack, found.props['Variables'])),
    deploymentId: str(found, found.props['DeploymentId']),
    throttles: stageThrottles(ctx.resolve(found.stack, found.props['MethodSettings'])),
  }));

  const usagePlans = all('AWS::ApiGateway::UsagePlan').flatMap((found): UsagePlanModel[] => {
    const id = ctx.physicalId(found.stack, found.logicalId);
    const apiStages = ((ctx.resolve(found.stack, found.props['ApiStages']) ?? []) as Record<string, unknown>[]).filter(
      (entry) => entry['ApiId'] === apiId,
    );
    if (apiStages.length === 0) return [];
    const quota = ctx.resolve(found.stack, found.props['Quota']) as { Limit?: number; Period?: string } | undefined;
    return [
      {
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
        apiKeyIds: all('AWS::ApiGateway::UsagePlanKey')
          .filter((key) => str(key, key.props['UsagePlanId']) === id)
          .map((key) => str(key, key.props['KeyId']))
          .filter((key): key is string => key !== undefined),
      },
    ];
  });
  const keyIds = new Set(usagePlans.flatMap((plan) => plan.apiKeyIds));
  const apiKeys = all('AWS::ApiGateway::ApiKey')
    .map((found) => ({ found, id: ctx.physicalId(found.stack, found.logicalId) }))
    .filter(({ id }) => keyIds.has(id))
    .map(({ found, id }): ApiKeyModel => {
      const value = str(found, found.props['Value']);
      const unresolved = value?.includes('{{resolve:');
      if (unresolved || value === undefined)
        warnings.push(`${found.logicalId}: API key value unknown locally (supply its secret); the key matches nothing`);
      return {
        id,
        logicalId: found.logicalId,
        value: unresolved ? undefined : value,
        enabled: found.props['Enabled'] !== false && found.props['Enabled'] !== 'false',
      };
    });

  return {
    stackName: api.stack.stackName,
    logicalId: api.logicalId,
    name: str(api, api.props['Name']) ?? api.logicalId,
    apiId,
    rootResourceId,
    resources: [...resources.values()],
    authorizers,
    gatewayResponses,
    stages,
    usagePlans,
    apiKeys,
    binaryMediaTypes: ((ctx.resolve(api.stack, api.props['BinaryMediaTypes']) ?? []) as string[]).map((type) =>
      type.replace(/~1/g, '/'),
    ),
    apiKeySource: api.props['ApiKeySourceType'] === 'AUTHORIZER' ? 'AUTHORIZER' : 'HEADER',
    warnings,
  };
}

function integrationOf(found: Found, target: (uri: unknown) => LambdaTarget | undefined): IntegrationModel {
  const integration = (found.props['Integration'] ?? {}) as Record<string, unknown>;
  const type = String(integration['Type'] ?? '');
  if (type === 'AWS_PROXY' && integration['Uri'] !== undefined) {
    return { type, target: target(integration['Uri']), timeoutMs: Number(integration['TimeoutInMillis'] ?? 29_000) };
  }
  if (type === 'MOCK') {
    const responses = ((integration['IntegrationResponses'] ?? []) as Record<string, unknown>[]).map((response) => {
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries((response['ResponseParameters'] ?? {}) as Record<string, unknown>)) {
        const name = /^method\.response\.header\.(.+)$/.exec(key)?.[1];
        if (name !== undefined && typeof value === 'string') headers[name] = value;
      }
      const selectionPattern = response['SelectionPattern'];
      return {
        statusCode: Number(response['StatusCode']),
        ...(typeof selectionPattern === 'string' ? { selectionPattern } : {}),
        headers,
        templates: (response['ResponseTemplates'] ?? {}) as Record<string, string>,
      };
    });
    return {
      type,
      requestedStatus: requestedMockStatus(integration['RequestTemplates'] as Record<string, string> | undefined),
      responses,
    };
  }
  return { type: 'UNSUPPORTED', description: `${type} integration of ${found.logicalId}` };
}

function lambdaTarget(
  assembly: CloudAssembly,
  uri: string | undefined,
  where: string,
  warnings: string[],
): LambdaTarget | undefined {
  if (uri === undefined) return undefined;
  const functionArn = /:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(uri)?.[1];
  const functionName = functionArn?.split(':function:')[1]?.split(':')[0];
  if (functionArn === undefined || functionName === undefined) {
    warnings.push(`${where}: ${uri} is not a Lambda invocation URI`);
    return undefined;
  }
  const definition = assembly.functions.find((fn) => fn.functionName === functionName);
  if (definition === undefined)
    warnings.push(`${where}: function ${functionArn} is not defined in the assembly; calls to it fail`);
  return { functionArn, functionName, definition };
}

function throttleOf(value: unknown): ThrottleSettings | undefined {
  const throttle = value as { RateLimit?: number; BurstLimit?: number } | undefined;
  if (throttle?.RateLimit === undefined && throttle?.BurstLimit === undefined) return undefined;
  const rateLimit = Number(throttle.RateLimit ?? Number.POSITIVE_INFINITY);
  // Without a burst, a bucket of one second of rate (at least one request).
  return { rateLimit, burstLimit: Number(throttle.BurstLimit ?? Math.max(1, Math.ceil(rateLimit))) };
}

function methodThrottles(value: unknown): Record<string, ThrottleSettings> {
  const out: Record<string, ThrottleSettings> = {};
  for (const [key, settings] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    const throttle = throttleOf(settings);
    if (throttle !== undefined) out[key] = throttle;
  }
  return out;
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
