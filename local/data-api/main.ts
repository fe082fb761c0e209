/**
 * Runs the local Data API on its own: `npm exec -- tsx local/data-api/main.ts --help`.
 * Prints one JSON line on stdout (`{"event":"ready",url,resourceArn,secretArn,database,backend}`)
 * that a parent process can wait for, logs JSON lines on stderr, and runs until SIGINT/SIGTERM.
 */
import { mkdirSync } from 'node:fs';
import { CLI_USAGE, parseCliOptions } from './cli-options';
import { startDataApiServer } from './server';
import { readCliOptions, stopOnSignals } from '../cli';

async function main(): Promise<void> {
  const options = readCliOptions(() => parseCliOptions(process.argv.slice(2), process.env), CLI_USAGE);
  if (!options) return;
  if (options.backend.kind === 'pglite' && options.backend.dataDir)
    mkdirSync(options.backend.dataDir, { recursive: true });
  const { verbose, ...serverOptions } = options;
  const log = (line: Record<string, unknown>) => {
    if (verbose || line.level !== 'debug') process.stderr.write(`${JSON.stringify(line)}\n`);
  };
  const server = await startDataApiServer({ ...serverOptions, log });
  const { url, resourceArn, secretArn, database } = server;
  console.log(JSON.stringify({ event: 'ready', url, resourceArn, secretArn, database, backend: options.backend.kind }));
  stopOnSignals('data-api', () => server.close());
}

await main();
