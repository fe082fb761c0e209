/**
 * The synth lock that keeps two processes (jest workers, a test run beside `npm start`) from
 * synthesizing into one folder at once. The folder under test is a copy of an up-to-date synth's
 * marker and manifest, so taking the lock leads to a reuse, not a one-minute synth — unless
 * someone changed the code in between, which makes it slower but not wrong.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/lambda-function';
import { synthesizeLocalExclusive } from '../../local/synth';
import { loadLocalConfig } from '../../local/config';
import { localSynthContext } from '../../local/stack';
import { E2E_START_TIMEOUT_MS, e2eStackEnv } from './support/e2e-stack';

const SHARED = process.env.LOCAL_CDK_OUT || path.join(PROJECT_ROOT, 'cdk.out');

let root: string;
let outdir: string;
let lock: string;

// The e2e stacks' own context: with another, this file would synthesize the shared folder over
// again under the stacks of the other test files, deleting their functions' bundles as they run.
const context = localSynthContext(loadLocalConfig(e2eStackEnv(tmpdir()), []));

beforeAll(async () => {
  await synthesizeLocalExclusive({ outdir: SHARED, context });
}, E2E_START_TIMEOUT_MS);

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'intello-synth-lock-'));
  outdir = path.join(root, 'cdk.out');
  lock = `${outdir}.lock`;
  mkdirSync(outdir);
  for (const file of ['.intello-local-fingerprint', 'manifest.json'])
    copyFileSync(path.join(SHARED, file), path.join(outdir, file));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the synth lock', () => {
  it('waits while a live process holds the lock, and gives up with an error naming the lock after the wait limit', async () => {
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'pid'), String(process.pid));

    await expect(synthesizeLocalExclusive({ outdir, context, waitMs: 600 })).rejects.toThrow(lock);
    expect(existsSync(lock)).toBe(true);
    expect(readdirSync(outdir).sort()).toEqual(['.intello-local-fingerprint', 'manifest.json']);
  });

  it(
    'takes over a lock left by a process that is gone, and releases it when done',
    async () => {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(deadPid()));

      const result = await synthesizeLocalExclusive({ outdir, context, waitMs: 600 });

      expect(result.outdir).toBe(outdir);
      expect(existsSync(lock)).toBe(false);
    },
    E2E_START_TIMEOUT_MS,
  );

  it(
    'reuses an up-to-date folder under the lock, and synthesizes again once another synth rewrote its manifest',
    async () => {
      const reused = await synthesizeLocalExclusive({ outdir, context });
      // What `cdk synth` into the same folder does: another manifest, the marker left in place.
      writeFileSync(path.join(outdir, 'manifest.json'), '{"version":"other synth"}');
      const redone = await synthesizeLocalExclusive({ outdir, context });

      expect(reused.synthesized).toBe(false);
      expect(redone.synthesized).toBe(true);
      expect(existsSync(lock)).toBe(false);
    },
    2 * E2E_START_TIMEOUT_MS,
  );
});
