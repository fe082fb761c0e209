/** The API's customised gateway responses (`AWS::ApiGateway::GatewayResponse`), by type. */
import { type GatewayResponseType, RESPONSE_TYPES } from './gateway-responses';
import type { RestApiModel } from './model';
import type { ApiScope } from './model-scope';

export function gatewayResponsesOf(scope: ApiScope): RestApiModel['gatewayResponses'] {
  const { ctx, str } = scope;
  const gatewayResponses: RestApiModel['gatewayResponses'] = {};
  for (const found of scope.mine('AWS::ApiGateway::GatewayResponse')) {
    const type = String(found.props['ResponseType']) as GatewayResponseType;
    if (!RESPONSE_TYPES.includes(type)) {
      scope.warnings.push(`${found.logicalId}: unknown gateway response type ${type}`);
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
  return gatewayResponses;
}
