/** Jest global teardown: stops the emulators started by `global-setup.ts`. */
import { SERVERS_KEY } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as Record<string, unknown>)[SERVERS_KEY] as Array<{ close(): Promise<void> }> | undefined;
  await Promise.all((servers ?? []).map((s) => s.close()));
}
