import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequestBody } from '../../../local/request-body';

/** A loopback server that answers each POST with what readRequestBody gave it: its length and its first bytes. */
let server: Server;
let url: string;
let limit: number | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    void readRequestBody(req, limit).then((body) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ length: body.length, head: body.subarray(0, 8).toString('utf8') }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = async (body: string) => (await fetch(url, { method: 'POST', body })).json();

describe('readRequestBody', () => {
  it('reads a body within the limit whole', async () => {
    limit = 16;
    expect(await post('0123456789abcdef')).toEqual({ length: 16, head: '01234567' });
  });

  it('keeps one byte past the limit of a larger body, drains the rest and lets the server answer', async () => {
    limit = 1024;
    expect(await post('x'.repeat(3 * 1024 * 1024))).toEqual({ length: 1025, head: 'xxxxxxxx' });
    expect(await post('small')).toEqual({ length: 5, head: 'small' });
  });

  it('reads any size without a limit', async () => {
    limit = undefined;
    expect(await post('y'.repeat(2 * 1024 * 1024))).toEqual({ length: 2 * 1024 * 1024, head: 'yyyyyyyy' });
  });
});
