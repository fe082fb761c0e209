/**
 * The one call of API Gateway's management API the app makes, on loopback:
 * `FlushStageAuthorizersCache` (`DELETE /restapis/{restApiId}/stages/{stageName}/cache/authorizers`),
 * which empties that stage's authorizer cache and answers 202, as AWS does. An unknown API or
 * stage is a 404 `NotFoundException`; anything else a 404 `UnknownOperationException`. Signatures
 * are not checked (the local Data API does not check them either).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A served stage whose cache can be flushed. */
export interface FlushableStage {
  restApiId: string;
  stageName: string;
  flushAuthorizerCache(): void;
}

export interface ManagementServer {
  url: string;
  /** Adds a stage (the gateways start after the functions are defined, so they register late). */
  register(stage: FlushableStage): void;
  /** Flushes per stage, `<restApiId>/<stageName>` → count, for tests and logs. */
  readonly flushes: Record<string, number>;
  close(): Promise<void>;
}

const FLUSH_PATH = /^\/restapis\/([^/]+)\/stages\/([^/]+)\/cache\/authorizers\/?$/;

/**
 * Starts the management endpoint on a free loopback port (or `port`).
 *
 * @example
 * const management = await startManagementServer();
 * management.register({ restApiId: 'abc123', stageName: 'local', flushAuthorizerCache: () => server.flushAuthorizerCache() });
 */
export async function startManagementServer(options: { host?: string; port?: number } = {}): Promise<ManagementServer> {
  const stages = new Map<string, FlushableStage>();
  const flushes: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    req.resume();
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-RequestId': crypto.randomUUID() });
      res.end(JSON.stringify(body));
    };
    const match = FLUSH_PATH.exec(new URL(req.url ?? '/', 'http://local').pathname);
    if (req.method !== 'DELETE' || !match)
      return answer(404, { __type: 'UnknownOperationException', message: `no operation ${req.method} ${req.url}` });
    const key = `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`;
    const stage = stages.get(key);
    if (!stage) return answer(404, { __type: 'NotFoundException', message: 'Invalid stage identifier specified' });
    stage.flushAuthorizerCache();
    flushes[key] = (flushes[key] ?? 0) + 1;
    res.writeHead(202, { 'x-amzn-RequestId': crypto.randomUUID() });
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    register(stage) {
      stages.set(`${stage.restApiId}/${stage.stageName}`, stage);
    },
    flushes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
