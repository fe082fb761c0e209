/**
 * SSM Parameter Store's `GetParametersByPath` on loopback, over the parameters the synthesized
 * templates define (`CloudAssembly.ssmParameters`): the registry of the stages that use the
 * authorizer is read from the synth, not written by hand. JSON 1.1 protocol (`X-Amz-Target:
 * AmazonSSM.GetParametersByPath`), `Recursive` and `MaxResults`/`NextToken` paging as AWS does
 * (at most 10 per page). Read-only; signatures are not checked.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequestBody } from '../request-body';

export interface SsmServer {
  url: string;
  close(): Promise<void>;
}

interface ByPathInput {
  Path?: string;
  Recursive?: boolean;
  MaxResults?: number;
  NextToken?: string;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  return JSON.parse((await readRequestBody(req)).toString('utf8') || '{}');
}

/** The page of `parameters` under `input.Path`, in name order. */
export function parametersByPath(parameters: Record<string, string>, input: ByPathInput) {
  const path = (input.Path ?? '').replace(/\/+$/, '');
  const names = Object.keys(parameters)
    .filter((name) => name.startsWith(`${path}/`) && (input.Recursive || !name.slice(path.length + 1).includes('/')))
    .sort();
  const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64url').toString('utf8')) : 0;
  const size = Math.min(Math.max(input.MaxResults ?? 10, 1), 10);
  const page = names.slice(start, start + size);
  const next = start + size < names.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  return {
    Parameters: page.map((name) => ({ Name: name, Type: 'String', Value: parameters[name], Version: 1 })),
    ...(next ? { NextToken: next } : {}),
  };
}

/**
 * Starts the endpoint on a free loopback port (or `port`).
 *
 * @example
 * const ssm = await startSsmServer({ parameters: assembly.ssmParameters });
 */
export async function startSsmServer(options: {
  parameters: Record<string, string>;
  host?: string;
  port?: number;
  /** Let the process exit while it listens (a test harness that has no place to close it). */
  unref?: boolean;
}): Promise<SsmServer> {
  const server: Server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': crypto.randomUUID() });
      res.end(JSON.stringify(body));
    };
    const target = req.headers['x-amz-target'];
    readJson(req).then(
      (input) => {
        if (req.method !== 'POST' || target !== 'AmazonSSM.GetParametersByPath')
          return answer(400, { __type: 'UnknownOperationException', message: `no operation ${String(target)}` });
        const body = input as ByPathInput;
        if (typeof body.Path !== 'string' || !body.Path.startsWith('/'))
          return answer(400, { __type: 'ValidationException', message: 'Path must start with /' });
        answer(200, parametersByPath(options.parameters, body));
      },
      () => answer(400, { __type: 'SerializationException', message: 'the body is not JSON' }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  if (options.unref) server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
