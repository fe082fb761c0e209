/**
 * The only place that reads `process.env`. Each function's `config.ts` calls these once at
 * cold start and passes a validated, typed configuration down; a bad value fails the cold
 * start loudly instead of surfacing as a wrong decision later.
 */

/** Thrown when configuration is missing or invalid: the function must not start. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The raw value, or undefined when unset or empty. */
export function readEnv(name: string, env: Env = process.env): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * A required variable.
 */
export function requireEnv(name: string, env: Env = process.env): string {
  const value = readEnv(name, env);
  if (value === undefined) throw new ConfigError(`Environment variable ${name} is required`);
  return value;
}

/** An integer within [min, max], or the default when unset. */
export function intEnv(
  name: string,
  fallback: number,
  range: { min: number; max: number },
  env: Env = process.env,
): number {
  const raw = readEnv(name, env);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`Environment variable ${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < range.min || value > range.max) {
    throw new ConfigError(`Environment variable ${name} must be between ${range.min} and ${range.max}, got ${value}`);
  }
  return value;
}

/** `true`/`false` (case-insensitive), or the default when unset; anything else is an error. */
export function boolEnv(name: string, fallback: boolean, env: Env = process.env): boolean {
  const raw = readEnv(name, env);
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new ConfigError(`Environment variable ${name} must be "true" or "false", got "${raw}"`);
}

/** A comma-separated list, trimmed, empties dropped. */
export function listEnv(name: string, env: Env = process.env): string[] {
  const raw = readEnv(name, env);
  return raw === undefined
    ? []
    : raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}
