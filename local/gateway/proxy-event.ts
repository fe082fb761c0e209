/**
 * The REST API (payload 1.0) Lambda proxy event, built as API Gateway builds it:
 * - `headers` holds the last value of each header, `multiValueHeaders` every value, both with the
 *   client's spelling; `Authorization` and `User-Agent` arrive capitalized, `Content-Length` and
 *   `Connection` are dropped, `X-Forwarded-*` and `X-Amzn-Trace-Id` are added;
 * - `path` and `pathParameters` stay percent-encoded; query values are decoded; maps without
 *   entries are `null`;
 * - the body is a UTF-8 string, or base64 with `isBase64Encoded` when its content type matches the
 *   API's binary media types; no body is `null`;
 * - `requestContext.path` carries the stage prefix as on the execute-api endpoint.
 */
export interface ProxyEventInput {
  httpMethod: string;
  /** Path without the query, as received (`/api/specs/a%20b`). */
  path: string;
  /** Query string without `?`, as received. */
  rawQuery: string;
  /** Node's `req.rawHeaders`: name, value, name, value… */
  rawHeaders: string[];
  body: Buffer;
  resourcePath: string;
  resourceId: string;
  pathParameters: Record<string, string> | null;
  stage: string;
  stageVariables: Record<string, string> | null;
  apiId: string;
  accountId: string;
  deploymentId: string | undefined;
  requestId: string;
  extendedRequestId: string;
  /** The request's `X-Amzn-Trace-Id`, added when the client sent none. */
  traceId: string;
  requestTimeEpoch: number;
  sourceIp: string;
  localPort: number;
  domainName: string;
  binaryMediaTypes: string[];
  authorizer: Record<string, string | number> | undefined;
  apiKey: { value: string; id: string } | undefined;
}

/**
 * Builds the event a proxy-integrated Lambda receives.
 *
 * @example
 * const event = buildProxyEvent({ httpMethod: 'GET', path: '/api/me', rawQuery: '', rawHeaders: req.rawHeaders, body, ... });
 */
export function buildProxyEvent(input: ProxyEventInput): Record<string, unknown> {
  const { headers, multiValueHeaders } = collectHeaders(input);
  const query = parseQuery(input.rawQuery);
  const contentType =
    multiValueHeaders[Object.keys(multiValueHeaders).find((name) => name.toLowerCase() === 'content-type') ?? '']?.[0];
  const binary = input.body.length > 0 && isBinaryMediaType(contentType, input.binaryMediaTypes);
  const userAgent = headers['User-Agent'] ?? null;
  return {
    resource: input.resourcePath,
    path: input.path,
    httpMethod: input.httpMethod,
    headers,
    multiValueHeaders,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: input.pathParameters,
    stageVariables: input.stageVariables,
    requestContext: {
      resourceId: input.resourceId,
      resourcePath: input.resourcePath,
      httpMethod: input.httpMethod,
      extendedRequestId: input.extendedRequestId,
      requestTime: formatRequestTime(input.requestTimeEpoch),
      path: `/${input.stage}${input.path}`,
      accountId: input.accountId,
      protocol: 'HTTP/1.1',
      stage: input.stage,
      domainPrefix: input.domainName.split('.')[0],
      requestTimeEpoch: input.requestTimeEpoch,
      requestId: input.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        ...(input.apiKey ? { apiKey: input.apiKey.value, apiKeyId: input.apiKey.id } : {}),
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: input.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent,
        user: null,
      },
      domainName: input.domainName,
      ...(input.deploymentId ? { deploymentId: input.deploymentId } : {}),
      apiId: input.apiId,
      ...(input.authorizer ? { authorizer: input.authorizer } : {}),
    },
    body: input.body.length === 0 ? null : binary ? input.body.toString('base64') : input.body.toString('utf8'),
    isBase64Encoded: binary,
  };
}

/**
 * Whether a content type is one of the API's binary media types (`image/png`, `image/*`, `*∕*`).
 *
 * @example
 * isBinaryMediaType('image/png; q=1', ['image/*']); // true
 */
export function isBinaryMediaType(contentType: string | undefined, binaryMediaTypes: string[]): boolean {
  if (contentType === undefined) return false;
  const [type = '', subtype = ''] = contentType.split(';')[0]!.trim().toLowerCase().split('/');
  return binaryMediaTypes.some((pattern) => {
    const [pType = '', pSubtype = ''] = pattern.toLowerCase().split('/');
    return (pType === '*' || pType === type) && (pSubtype === '*' || pSubtype === subtype);
  });
}

/** Query parameters: decoded, last value wins in the single map; `null` when there are none. */
export function parseQuery(rawQuery: string): {
  single: Record<string, string> | null;
  multi: Record<string, string[]> | null;
} {
  const multi: Record<string, string[]> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = decode(at < 0 ? pair : pair.slice(0, at));
    const value = at < 0 ? '' : decode(pair.slice(at + 1));
    (multi[name] ??= []).push(value);
  }
  const names = Object.keys(multi);
  if (names.length === 0) return { single: null, multi: null };
  return { single: Object.fromEntries(names.map((name) => [name, multi[name]!.at(-1)!])), multi };
}

const DROPPED = new Set(['content-length', 'connection']);
const CAPITALIZED: Record<string, string> = { authorization: 'Authorization', 'user-agent': 'User-Agent' };

function collectHeaders(input: ProxyEventInput): {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
} {
  const multiValueHeaders: Record<string, string[]> = {};
  const spelling = new Map<string, string>();
  const add = (rawName: string, value: string) => {
    const lower = rawName.toLowerCase();
    if (DROPPED.has(lower)) return;
    const name = spelling.get(lower) ?? CAPITALIZED[lower] ?? rawName;
    spelling.set(lower, name);
    (multiValueHeaders[name] ??= []).push(value);
  };
  for (let i = 0; i + 1 < input.rawHeaders.length; i += 2) add(input.rawHeaders[i]!, input.rawHeaders[i + 1]!);
  const forwardedFor = spelling.get('x-forwarded-for');
  if (forwardedFor)
    multiValueHeaders[forwardedFor] = [`${multiValueHeaders[forwardedFor]!.join(', ')}, ${input.sourceIp}`];
  else add('X-Forwarded-For', input.sourceIp);
  if (!spelling.has('x-forwarded-port')) add('X-Forwarded-Port', String(input.localPort));
  if (!spelling.has('x-forwarded-proto')) add('X-Forwarded-Proto', 'http');
  if (!spelling.has('x-amzn-trace-id')) add('X-Amzn-Trace-Id', input.traceId);
  const headers = Object.fromEntries(Object.entries(multiValueHeaders).map(([name, values]) => [name, values.at(-1)!]));
  return { headers, multiValueHeaders };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `29/Nov/2026:21:03:51 +0000`, API Gateway's `requestTime`. */
export function formatRequestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
