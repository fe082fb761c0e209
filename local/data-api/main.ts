/**
 * Runs the local Data API on its own: `npm exec -- tsx local/data-api/main.ts --help`.
 * Prints one JSON line on stdout (`{"event":"ready",url,resourceArn,secretArn,database,backend}`,
 * backend `embedded` or `server`) that a parent process can wait for, logs JSON lines on stderr,
 * and runs until SIGINT/SIGTERM, then stops the embedded PostgreSQL it started.
 */
import { CLI_USAGE, parseCliOptions } from './cli-options';
import { openLocalDatabase } from './local-database';
import { startDataApiServer } from './server';
import { readCliOptions, stopOnSignals } from '../cli';

async function main(): Promise<void> {
  const options = readCliOptions(() => parseCliOptions(process.argv.slice(2), process.env), CLI_USAGE);
  if (!options) return;
  const { verbose, database: choice, ...serverOptions } = options;
  const log = (line: Record<string, unknown>) => {
    if (verbose || line.level !== 'debug') process.stderr.write(`${JSON.stringify(line)}\n`);
  };
  const database = await openLocalDatabase(choice);
  log({ event: 'database_opened', database: database.description });
  let server: Awaited<ReturnType<typeof startDataApiServer>>;
  try {
    server = await startDataApiServer({ ...serverOptions, connectionString: database.connectionString, log });
  } catch (error) {
    await database.close();
    throw error;
  }
  const { url, resourceArn, secretArn } = server;
  console.log(
    JSON.stringify({ event: 'ready', url, resourceArn, secretArn, database: server.database, backend: choice.kind }),
  );
  stopOnSignals('data-api', async () => {
    await server.close();
    await database.close();
  });
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
