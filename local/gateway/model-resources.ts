/**
 * The resource tree of a RestApi (`AWS::ApiGateway::Resource`, parents before children whatever
 * the template's order) and the methods on it (`AWS::ApiGateway::Method`) with their integrations.
 */
import type { IntegrationModel, LambdaTarget, MethodModel, MockIntegrationResponse, ResourceModel } from './model';
import type { ApiScope, Found } from './model-scope';
import { requestedMockStatus } from './mock-integration';

/** Every resource of the API by id, with its full path, its methods still empty. */
export function resourcesOf(scope: ApiScope, rootResourceId: string): Map<string, ResourceModel> {
  const { ctx, str } = scope;
  const paths = new Map<string, string>([[rootResourceId, '/']]);
  const pending = scope.mine('AWS::ApiGateway::Resource').map((found) => ({
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
  return new Map<string, ResourceModel>([...paths].map(([id, path]) => [id, { id, path, methods: {} }]));
}

/** Puts each of the API's methods on its resource. */
export function addMethods(scope: ApiScope, resources: Map<string, ResourceModel>): void {
  const { str } = scope;
  for (const found of scope.mine('AWS::ApiGateway::Method')) {
    const resourceId = str(found, found.props['ResourceId']) ?? '';
    const resource = resources.get(resourceId);
    if (resource === undefined) {
      scope.warnings.push(`${found.logicalId}: its resource is not part of the API`);
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
      integration: integrationOf(found, (uri) => scope.target(found, uri)),
    };
  }
}

function integrationOf(found: Found, target: (uri: unknown) => LambdaTarget | undefined): IntegrationModel {
  const integration = (found.props['Integration'] ?? {}) as Record<string, unknown>;
  const type = String(integration['Type'] ?? '');
  if (type === 'AWS_PROXY' && integration['Uri'] !== undefined) {
    return { type, target: target(integration['Uri']), timeoutMs: Number(integration['TimeoutInMillis'] ?? 29_000) };
  }
  if (type === 'MOCK') {
    const responses = ((integration['IntegrationResponses'] ?? []) as Record<string, unknown>[]).map(mockResponseOf);
    return {
      type,
      requestedStatus: requestedMockStatus(integration['RequestTemplates'] as Record<string, string> | undefined),
      responses,
    };
  }
  return { type: 'UNSUPPORTED', description: `${type} integration of ${found.logicalId}` };
}

function mockResponseOf(response: Record<string, unknown>): MockIntegrationResponse {
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
}
