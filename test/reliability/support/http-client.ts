/**
 * A small HTTP client over keep-alive loopback connections that returns everything a check
 * needs (status, lower-cased headers, raw body, parsed JSON). Every request has a timeout, so no
 * loop in the reliability tests can hang.
 */
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The parsed body, or undefined when it is empty or not JSON. */
  json: unknown;
}

export interface HttpCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpClient {
  send(call: HttpCall): Promise<HttpAnswer>;
  close(): void;
}

/** A request that got no complete answer: the connection failed or the timeout passed. */
export class TransportError extends Error {
  /** True when a reused keep-alive socket was reset before any answer: the server never read the request. */
  readonly staleSocket: boolean;
  constructor(message: string, options: ErrorOptions & { staleSocket?: boolean } = {}) {
    super(message, options);
    this.name = 'TransportError';
    this.staleSocket = options.staleSocket ?? false;
  }
}

/**
 * @example
 * const client = createHttpClient({ connections: 64 });
 * const answer = await client.send({ method: 'GET', url: `${api}/health` });
 * client.close();
 */
export function createHttpClient({
  connections = 16,
  timeoutMs = 60_000,
}: {
  connections?: number;
  timeoutMs?: number;
} = {}): HttpClient {
  // Idle sockets are dropped after 4 s, before the server's keep-alive timeout (Node's 5 s) can
  // close one under a request being sent on it.
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: connections,
    maxFreeSockets: connections,
    timeout: 4_000,
  });
  const client: HttpClient = {
    async send(call) {
      try {
        return await once(call);
      } catch (error) {
        // The server closed a kept-alive socket as the request went out on it: it never read the
        // request, so sending it again is safe (the retry Node's documentation recommends).
        if (error instanceof TransportError && error.staleSocket) return once(call);
        throw error;
      }
    },
    close() {
      agent.destroy();
    },
  };
  return client;

  function once(call: HttpCall): Promise<HttpAnswer> {
    // Node frames a body without Content-Length as chunked only for some methods; for GET,
    // DELETE or OPTIONS it would send the bytes unframed, and the server would read them as
    // the next request. Always say how long the body is.
    const headers =
      call.body === undefined
        ? call.headers
        : { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) };
    return new Promise<HttpAnswer>((resolve, reject) => {
      const request = http.request(
        call.url,
        { method: call.method, headers, agent, timeout: timeoutMs },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) =>
            reject(
              new TransportError(`response of ${call.method} ${call.url} failed: ${error.message}`, { cause: error }),
            ),
          );
          response.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            let json: unknown;
            try {
              json = body === '' ? undefined : JSON.parse(body);
            } catch {
              json = undefined;
            }
            resolve({ status: response.statusCode ?? 0, headers, body, json });
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', (error) => {
        const staleSocket = request.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET';
        reject(new TransportError(`${call.method} ${call.url}: ${error.message}`, { cause: error, staleSocket }));
      });
      request.end(call.body);
    });
  }
}
