/**
 * `npm start`: runs the local stack until Ctrl-C. `npm start -- --reset` wipes the local data
 * first. Settings come from the environment (see docs/LOCAL.md).
 */
import path from 'node:path';
import { loadLocalConfig } from './config';
import { quickstart } from './quickstart';
import { startLocalStack } from './stack';

async function main(): Promise<void> {
  const config = loadLocalConfig(process.env, process.argv.slice(2));
  const started = performance.now();
  if (config.reset) console.log(`resetting ${config.localDir}`);
  const stack = await startLocalStack(config, (step, ms, detail) => {
    console.log(`✓ ${step.padEnd(30)} ${(ms / 1000).toFixed(2).padStart(6)} s${detail ? `  ${detail}` : ''}`);
  });
  console.log(`ready in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  console.log(quickstart(stack.endpoints, path.join(config.localDir, 'endpoints.json')));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause) console.error('cause:', error.cause);
  process.exit(1);
});
