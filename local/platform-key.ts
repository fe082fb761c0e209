/**
 * The local platform API key: `PLATFORM_API_KEY` when given, otherwise generated once and kept in
 * the local directory so integrations configured against the local stack keep working.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The key to use, creating and storing one on first use. */
export function localPlatformKey(localDir: string, given: string | undefined): string {
  if (given) return given;
  const file = path.join(localDir, 'platform-api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(localDir, { recursive: true });
  const key = randomBytes(24).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
