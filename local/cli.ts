/** What the local emulators' command lines share. */

/** The `parseArgs` options both emulators take: where to listen, where to keep their state, help. */
export const COMMON_CLI_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'in-memory': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** Refuses `--in-memory` together with `--data-dir`. */
export function checkStorageOptions(values: { 'in-memory'?: boolean; 'data-dir'?: string }): void {
  if (values['in-memory'] && values['data-dir']) throw new Error('--in-memory and --data-dir exclude each other');
}

/** A non-negative integer flag or variable, or a clear error naming it. */
export function integerOption(name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/**
 * Keeps the process up until SIGINT or SIGTERM, then closes `server` once and exits 0 (1 if
 * closing failed).
 *
 * @example
 * stopOnSignals('data-api', () => server.close());
 */
export function stopOnSignals(name: string, close: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[${name}] failed to close: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Parses a command line with `parse`: prints `usage` and returns undefined for `--help`, prints
 * the error and usage and sets exit code 2 for a bad option.
 *
 * @example
 * const options = readCliOptions(() => parseCliOptions(process.argv.slice(2), process.env), CLI_USAGE);
 * if (!options) return;
 */
export function readCliOptions<T>(parse: () => T | 'help', usage: string): T | undefined {
  let options: T | 'help';
  try {
    options = parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exitCode = 2;
    return undefined;
  }
  if (options === 'help') {
    console.log(usage);
    return undefined;
  }
  return options;
}
