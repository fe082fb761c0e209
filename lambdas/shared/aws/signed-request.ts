/**
 * One SigV4-signed call to an AWS API over `fetch`, for the two control-plane calls a revocation
 * makes (SSM `GetParametersByPath`, API Gateway `FlushStageAuthorizersCache`). A full SDK client
 * per service would add its protocol layer to the business bundle for two requests; the signer
 * is the SDK's own (`@smithy/signature-v4`), with credentials from the environment as Lambda
 * passes them.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { defaultProvider } from './lambda-credentials';

/** What the signer hashes: a string, or bytes in any of their views. */
type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** `@smithy/signature-v4`'s hash constructor over node:crypto (a key makes it an HMAC). */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = NodeSha256.create(secret);
  }
  private static create(secret?: SourceData): Hash | Hmac {
    return secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = NodeSha256.create(this.secret);
  }
}

/** Where one AWS service is reached: its region, and a loopback endpoint only for the local stack. */
export interface AwsServiceEndpoint {
  /** The SigV4 signing name (`ssm`, `apigateway`). */
  service: string;
  region: string;
  /** The service's own endpoint when unset (`https://<host prefix>.<region>.amazonaws.com`). */
  url: string;
}

export interface SignedRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the call (a per-attempt timeout). */
  signal?: AbortSignal;
}

export interface SignedResponse {
  status: number;
  /** The response's text; AWS's JSON error bodies carry `__type` or `message`. */
  body: string;
}

/**
 * Signs and sends one request; resolves with any HTTP status (the caller decides what it means)
 * and rejects only when no answer came (network, abort).
 *
 * @example
 * await sendSignedRequest({ service: 'apigateway', region, url: 'https://apigateway.us-east-1.amazonaws.com' },
 *   { method: 'DELETE', path: '/restapis/abc123/stages/prod/cache/authorizers' });
 */
export async function sendSignedRequest(endpoint: AwsServiceEndpoint, request: SignedRequest): Promise<SignedResponse> {
  const url = new URL(endpoint.url);
  const signer = new SignatureV4({
    service: endpoint.service,
    region: endpoint.region,
    credentials: defaultProvider(),
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: request.path,
    query: {},
    headers: { host: url.host, ...request.headers },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  // fetch sets Host itself, to the same value the signature covers.
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(new URL(request.path, url), {
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return { status: response.status, body: await response.text() };
}
