/** Jest global teardown: stops what `global-setup.ts` started and removes the test server's folder. */
import { rmSync } from 'node:fs';
import { RUN_KEY, type TestDatabaseRun } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const run = (globalThis as Record<string, unknown>)[RUN_KEY] as TestDatabaseRun | undefined;
  if (!run) return;
  await Promise.all(run.emulators.map((server) => server.close()));
  await run.embedded?.stop();
  if (run.dir) rmSync(run.dir, { recursive: true, force: true });
}
