/**
 * Runs the Supabase Auth emulator on its own: `npm exec -- tsx local/auth/main.ts --help`.
 * Prints one JSON line (`{"event":"ready",url,issuer,jwksUrl,anonKey,serviceRoleKey}`, plus
 * `controlToken` with `--control`) that a parent process can wait for, then runs until
 * SIGINT/SIGTERM and closes cleanly.
 */
import { CLI_USAGE, parseCliOptions } from './cli-options';
import { startAuthEmulator } from './server';
import { readCliOptions, stopOnSignals } from '../cli';

async function main(): Promise<void> {
  const options = readCliOptions(() => parseCliOptions(process.argv.slice(2), process.env), CLI_USAGE);
  if (!options) return;
  const emulator = await startAuthEmulator(options);
  const { url, issuer, jwksUrl, anonKey, serviceRoleKey, controlToken } = emulator;
  console.log(JSON.stringify({ event: 'ready', url, issuer, jwksUrl, anonKey, serviceRoleKey, controlToken }));
  stopOnSignals('auth-emulator', () => emulator.close());
}

await main();
