/**
 * The body of a request to one of the local emulators (API Gateway, Supabase Auth, the Data API,
 * SSM). Each answers an oversized body with its own error, so this only reads: up to `limit`
 * bytes whole; past it, the first `limit + 1` bytes (enough to tell) while the rest is drained
 * unread, so the client gets the emulator's answer rather than a reset connection. Events, not
 * `for await`, which costs more per request.
 *
 * @example
 * const body = await readRequestBody(req, 4 * 1024 * 1024);
 * if (body.length > 4 * 1024 * 1024) return tooLarge();
 */
import type { IncomingMessage } from 'node:http';

export function readRequestBody(req: IncomingMessage, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    req.on('data', (chunk: Buffer) => {
      if (kept > limit) return;
      const part = kept + chunk.length > limit + 1 ? chunk.subarray(0, limit + 1 - kept) : chunk;
      chunks.push(part);
      kept += part.length;
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
