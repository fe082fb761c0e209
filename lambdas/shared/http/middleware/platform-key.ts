/**
 * The platform-key check of `auth: 'apiKey'` routes: `x-api-key` compared in constant time with
 * the configured key. Runs after header normalisation (the header name is lower-case).
 */
import { requirePlatformKey, type PlatformKeySource } from '../platform-key';
import { checkOptions } from './options';
import type { HttpMiddleware, HttpRequest } from './types';

export interface PlatformKeyOptions {
  source: PlatformKeySource | undefined;
}

const defaults: PlatformKeyOptions = { source: undefined };

/**
 * @example
 * middy(dispatch).use(platformKey({ source: staticPlatformKey(config.platformApiKey) }))
 */
export function platformKey(opts: Partial<PlatformKeyOptions>): HttpMiddleware {
  const source = checkOptions('platformKey', defaults, opts, ['source']).source as PlatformKeySource;

  async function platformKeyMiddlewareBefore(request: HttpRequest): Promise<void> {
    if (request.context.route?.auth !== 'apiKey') return;
    await requirePlatformKey(request.event.headers?.['x-api-key'] ?? undefined, source);
    request.context.caller = { kind: 'platform' };
  }
  return { before: platformKeyMiddlewareBefore };
}
