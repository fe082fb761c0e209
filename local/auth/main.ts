/**
 * Runs the Supabase Auth emulator on its own: `npm exec -- tsx local/auth/main.ts --help`.
 * Prints one JSON line (`{"event":"ready",url,issuer,jwksUrl,anonKey}`) that a parent process
 * can wait for, then runs until SIGINT/SIGTERM and closes cleanly.
 */
import { CLI_USAGE, parseCliOptions } from './cli-options';
import { startAuthEmulator } from './server';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(CLI_USAGE);
    return;
  }
  const emulator = await startAuthEmulator(options);
  const { url, issuer, jwksUrl, anonKey } = emulator;
  console.log(JSON.stringify({ event: 'ready', url, issuer, jwksUrl, anonKey }));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[auth-emulator] failed to close: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
