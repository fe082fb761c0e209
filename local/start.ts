/**
 * `npm start`: runs the local stack until Ctrl-C. `npm start -- --reset` wipes the local data
 * first. Settings come from the environment (see docs/LOCAL.md).
 */
import path from 'node:path';
import { loadLocalConfig } from './config';
import { quickstart } from './quickstart';
import { startLocalStack, type LocalStack } from './stack';

async function main(): Promise<void> {
  const config = loadLocalConfig(process.env, process.argv.slice(2));
  const started = performance.now();
  let stack: LocalStack | undefined;
  let stopping = false;
  const close = (running: LocalStack) =>
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('error while stopping:', error);
        process.exit(1);
      },
    );
  // Listening from the start: a Ctrl-C in the middle of a step (PostgreSQL's first initdb,
  // the migrations) lets that step finish and then stops cleanly; a second one forces the exit.
  // A terminal's Ctrl-C reaches this process twice (from the terminal, and relayed by tsx), so
  // a repeat within a second is the same Ctrl-C.
  let firstSignalAt = 0;
  const stop = (signal: string) => {
    if (stopping) {
      if (Date.now() - firstSignalAt < 1000) return;
      console.log(`\n${signal} again: exiting now`);
      process.exit(130);
    }
    stopping = true;
    firstSignalAt = Date.now();
    if (stack === undefined) {
      console.log(`\n${signal}: stopping once the current step is done (again to force)…`);
      return;
    }
    console.log(`\n${signal}: stopping…`);
    void close(stack);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  if (config.reset) console.log(`resetting ${config.localDir}`);
  stack = await startLocalStack(config, (step, ms, detail) => {
    console.log(`✓ ${step.padEnd(30)} ${(ms / 1000).toFixed(2).padStart(6)} s${detail ? `  ${detail}` : ''}`);
  });
  if (stopping) {
    await close(stack);
    return;
  }
  console.log(`ready in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  console.log(quickstart(stack.endpoints, path.join(config.localDir, 'endpoints.json')));
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause) console.error('cause:', error.cause);
  process.exit(1);
});
