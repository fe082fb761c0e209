/**
 * A first start stopped while PGlite initialized its folder leaves a database that is not one
 * (it lacked plpgsql, and every later start failed in the migrations until `--reset`). The stack
 * marks a folder under initialization and discards it at the next start; a finished folder is
 * kept with its data.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadLocalConfig } from '../../local/config';
import { startLocalStack } from '../../local/stack';
import { E2E_START_TIMEOUT_MS, e2eStackEnv } from './support/e2e-stack';

let localDir: string;

beforeEach(() => {
  localDir = mkdtempSync(path.join(tmpdir(), 'intello-interrupted-'));
});

afterEach(() => {
  rmSync(localDir, { recursive: true, force: true });
});

/** Starts and stops the stack on `localDir`; returns the progress lines' details by step. */
async function startAndStop(): Promise<Map<string, string>> {
  const config = loadLocalConfig(e2eStackEnv(localDir));
  const steps = new Map<string, string>();
  const stack = await startLocalStack(config, (step, _ms, detail) => steps.set(step, detail ?? ''));
  await stack.close();
  return steps;
}

describe('a start after an interrupted first start', () => {
  it(
    'discards the half-initialized PGlite folder, applies the migrations afresh, and keeps the folder from then on',
    async () => {
      mkdirSync(path.join(localDir, 'pglite'));
      writeFileSync(path.join(localDir, 'pglite', 'PG_VERSION'), '17\n');
      writeFileSync(path.join(localDir, 'pglite.initializing'), '');

      const first = await startAndStop();
      const second = await startAndStop();

      expect(first.get('Data API')).toMatch(/interrupted first start was discarded/);
      expect(first.get('migrations')).toMatch(/^[1-9]\d* applied, 0 already there$/);
      expect(existsSync(path.join(localDir, 'pglite.initializing'))).toBe(false);
      expect(second.get('Data API')).not.toMatch(/discarded/);
      expect(second.get('migrations')).toMatch(/^0 applied, [1-9]\d* already there$/);
    },
    2 * E2E_START_TIMEOUT_MS,
  );
});
