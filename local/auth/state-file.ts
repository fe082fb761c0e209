/**
 * Persistence of the emulator's whole state in one JSON file under `dataDir`, so users, sessions
 * and the signing keys (hence issued tokens) survive restarts. Writes go to a temporary file
 * renamed over the old one, so a crash never leaves half a file; the file is readable by its
 * owner only since it holds the private signing keys.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthStoreSnapshot } from './auth-store';
import type { StoredSigningKey } from './signing-keys';

export const STATE_FILE_NAME = 'auth-emulator.json';

export interface PersistedAuthState {
  version: 1;
  anonKey: string;
  /** Added after version 1 first shipped: absent in older files, then generated and saved. */
  serviceRoleKey?: string;
  jwtSecret?: string;
  legacyServiceRoleKey?: string;
  signingKeys: StoredSigningKey[];
  store: AuthStoreSnapshot;
}

/**
 * The saved state, or `undefined` when there is none yet. A file that is not a state this
 * version wrote is an error, never silently discarded.
 *
 * @example
 * const state = loadAuthState('.local/auth');
 */
export function loadAuthState(dataDir: string): PersistedAuthState | undefined {
  const path = join(dataDir, STATE_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state = JSON.parse(text) as Partial<PersistedAuthState>;
  if (state.version !== 1 || typeof state.anonKey !== 'string' || !Array.isArray(state.signingKeys) || !state.store) {
    throw new Error(`${path} is not an auth emulator state file (version 1); move it away or reset the local data`);
  }
  return state as PersistedAuthState;
}

/**
 * Saves the state atomically.
 *
 * @example
 * saveAuthState('.local/auth', { version: 1, anonKey, serviceRoleKey, jwtSecret, legacyServiceRoleKey, signingKeys: keys.snapshot(), store: store.snapshot() });
 */
export function saveAuthState(dataDir: string, state: PersistedAuthState): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, STATE_FILE_NAME);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
  renameSync(temporary, path);
}
