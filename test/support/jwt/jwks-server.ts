/**
 * A real JWKS endpoint on loopback, laid out like Supabase Auth
 * (`{url}/auth/v1/.well-known/jwks.json`), whose keys can be rotated and which can be made to
 * fail, hang or drop connections, to test the authorizer's key cache against real HTTP.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { PublicJwk, TestSigningKey } from './keys';

/** How the server answers JWKS requests. */
export type JwksServerMode = { kind: 'serve' } | { kind: 'fail'; status: number } | { kind: 'hang' } | { kind: 'drop' };

export interface JwksServer {
  /** Origin, usable as `SUPABASE_URL`: `http://127.0.0.1:{port}`. */
  url: string;
  /** `{url}/auth/v1`, the `iss` of tokens from this "project". */
  issuer: string;
  /** `{issuer}/.well-known/jwks.json`. */
  jwksUrl: string;
  /** JWKS requests received so far (answered or not). */
  readonly requests: number;
  /** The `Cache-Control` header of each JWKS request, in order (`undefined` when absent). */
  readonly cacheControls: Array<string | undefined>;
  /** Replaces the published key set (rotation, revocation). */
  publish(keys: Array<TestSigningKey | PublicJwk>): void;
  /** Answers every JWKS request with `status` and no keys. */
  fail(status?: number): void;
  /** Accepts requests and never answers them. */
  hang(): void;
  /** Resets every connection as soon as a request arrives. */
  drop(): void;
  /** Serves the key set again. */
  recover(): void;
  /** The environment a Lambda needs to trust this server: `{ SUPABASE_URL }`. */
  env(): Record<string, string>;
  /** Stops listening and destroys open connections. */
  close(): Promise<void>;
}

export const JWKS_PATH = '/auth/v1/.well-known/jwks.json';

const toJwk = (key: TestSigningKey | PublicJwk): PublicJwk => ('publicJwk' in key ? (key.publicJwk as PublicJwk) : key);

/**
 * Starts a JWKS server on an ephemeral loopback port.
 *
 * @example
 * const server = await startJwksServer([key]);
 * process.env.SUPABASE_URL = server.url;
 * ...
 * await server.close();
 */
export async function startJwksServer(keys: Array<TestSigningKey | PublicJwk> = []): Promise<JwksServer> {
  let published = keys.map(toJwk);
  let mode: JwksServerMode = { kind: 'serve' };
  let requests = 0;
  const cacheControls: Array<string | undefined> = [];
  const sockets = new Set<Socket>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== JWKS_PATH) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    requests += 1;
    cacheControls.push(req.headers['cache-control']);
    if (mode.kind === 'hang') return;
    if (mode.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (mode.kind === 'fail') {
      res.writeHead(mode.status, { 'content-type': 'application/json' }).end('{"message":"unavailable"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=600' });
    res.end(JSON.stringify({ keys: published }));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    issuer: `${url}/auth/v1`,
    jwksUrl: `${url}${JWKS_PATH}`,
    get requests() {
      return requests;
    },
    cacheControls,
    publish(next) {
      published = next.map(toJwk);
    },
    fail(status = 503) {
      mode = { kind: 'fail', status };
    },
    hang() {
      mode = { kind: 'hang' };
    },
    drop() {
      mode = { kind: 'drop' };
    },
    recover() {
      mode = { kind: 'serve' };
    },
    env() {
      return { SUPABASE_URL: url };
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
