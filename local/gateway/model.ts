/**
 * Builds the model of every `AWS::ApiGateway::RestApi` in an assembly: its resource tree and
 * methods, authorizers, gateway responses, stages, and the usage plans and API keys attached to
 * it — everything the gateway server needs, resolved through the intrinsics that connect them.
 *
 * Nothing is silently skipped: a piece that cannot be resolved locally (an authorizer whose
 * function is outside the assembly, an API key whose secret was not supplied) is kept with a
 * warning, and the server fails closed on it.
 */
import type { AssemblyFunction, CloudAssembly } from './cloud-assembly';
import type { GatewayResponseModel, GatewayResponseType } from './gateway-responses';
import { ResolutionContext } from './intrinsics';
import { authorizersOf } from './model-authorizers';
import { gatewayResponsesOf } from './model-gateway-responses';
import { addMethods, resourcesOf } from './model-resources';
import { type ApiScope, createApiScope, type Found } from './model-scope';
import { stagesOf } from './model-stages';
import { apiKeysOf, usagePlansOf } from './model-usage-plans';
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
  return all('AWS::ApiGateway::RestApi').map((api) => buildOne(createApiScope(assembly, ctx, api, all), api));
}

/** One API, part by part; the order of the parts is the order of the warnings. */
function buildOne(scope: ApiScope, api: Found): RestApiModel {
  const { ctx } = scope;
  const rootResourceId = ctx.attribute(api.stack, api.logicalId, 'RootResourceId');
  const resources = resourcesOf(scope, rootResourceId);
  addMethods(scope, resources);
  const authorizers = authorizersOf(scope);
  const gatewayResponses = gatewayResponsesOf(scope);
  const stages = stagesOf(scope);
  const usagePlans = usagePlansOf(scope);
  const apiKeys = apiKeysOf(scope, usagePlans);
  return {
    stackName: api.stack.stackName,
    logicalId: api.logicalId,
    name: scope.str(api, api.props['Name']) ?? api.logicalId,
    apiId: scope.apiId,
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
    warnings: scope.warnings,
  };
}
