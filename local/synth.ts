/**
 * Synthesizes the real CDK app (bundles included) for the local stack, in-process, and skips the
 * work when nothing that goes into it has changed since the last synth into the same folder.
 */
import { App } from 'aws-cdk-lib';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { buildApp } from '../lib/app';
import { PROJECT_ROOT } from '../lib/lambda-function';

/** The stage name the local stack synthesizes (it appears in method ARNs and `requestContext.stage`). */
export const LOCAL_STAGE = 'local';

/**
 * The Supabase URL the local synth is made with. The real one (the emulator's, on whatever port,
 * or `SUPABASE_URL`) replaces it in the functions' environment at run time, so one synth serves
 * every port and project and is reused until the code changes.
 */
export const LOCAL_SYNTH_SUPABASE_URL = 'http://127.0.0.1:54321';

const INPUTS = ['bin', 'lib', 'lambdas', 'migrations', 'package-lock.json', 'cdk.json'];
const FINGERPRINT_FILE = '.intello-local-fingerprint';

function hashTree(hash: ReturnType<typeof createHash>, file: string): void {
  const stat = statSync(file);
  if (stat.isDirectory()) {
    for (const name of readdirSync(file).sort()) hashTree(hash, path.join(file, name));
  } else {
    hash.update(path.relative(PROJECT_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
}

/** A digest of everything that shapes the synthesized app. */
export function synthFingerprint(context: Record<string, unknown>): string {
  const hash = createHash('sha256').update(JSON.stringify(context));
  for (const input of INPUTS) {
    const file = path.join(PROJECT_ROOT, input);
    if (existsSync(file)) hashTree(hash, file);
  }
  return hash.digest('hex');
}

/**
 * What the marker holds: the inputs' fingerprint and a digest of the `manifest.json` this synth
 * wrote. `cdk synth` (`npm run synth`) writes into the same `cdk.out/` without removing the
 * marker; the manifest digest is how a later start notices that the folder now holds another
 * synth (other stage, other Supabase URL) and synthesizes again instead of reusing it.
 */
function stamp(fingerprint: string, outdir: string): string {
  const manifest = path.join(outdir, 'manifest.json');
  const digest = existsSync(manifest)
    ? createHash('sha256').update(readFileSync(manifest)).digest('hex')
    : 'no-manifest';
  return `${fingerprint}\n${digest}\n`;
}

export interface SynthResult {
  outdir: string;
  /** False when an up-to-date synth was reused. */
  synthesized: boolean;
}

/**
 * Synthesizes the app into `outdir` unless an up-to-date synth is already there. `context` adds
 * to (or overrides) cdk.json's context, e.g. a bench's higher throttle; the Supabase URL, stage
 * name and asset metadata stay the local ones. The context is part of the fingerprint.
 *
 * @example
 * const { synthesized } = synthesizeLocal({ outdir: 'cdk.out' });
 */
export function synthesizeLocal(options: { outdir: string; context?: Record<string, unknown> }): SynthResult {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const context: Record<string, unknown> = {
    ...cdkJson.context,
    ...options.context,
    supabaseUrl: LOCAL_SYNTH_SUPABASE_URL,
    stageName: LOCAL_STAGE,
    'aws:cdk:enable-asset-metadata': true,
  };
  const fingerprint = synthFingerprint(context);
  const marker = path.join(options.outdir, FINGERPRINT_FILE);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === stamp(fingerprint, options.outdir))
    return { outdir: options.outdir, synthesized: false };
  rmSync(options.outdir, { recursive: true, force: true });
  const app = new App({ outdir: options.outdir, context });
  buildApp(app);
  app.synth();
  writeFileSync(marker, stamp(fingerprint, options.outdir));
  return { outdir: options.outdir, synthesized: true };
}

/** A lock older than this is abandoned whatever its owner file says (a synth takes ~1 min). */
const STALE_LOCK_MS = 10 * 60 * 1000;

function lockIsStale(lockDir: string): boolean {
  try {
    const owner = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    if (Number.isInteger(owner) && owner > 0) {
      try {
        process.kill(owner, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
      }
    }
  } catch {
    // No owner file yet: the owner is between mkdir and write; only age tells.
  }
  try {
    return Date.now() - statSync(lockDir).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false;
  }
}

/**
 * {@link synthesizeLocal} under a lock (`<outdir>.lock`, a directory created atomically) so that
 * two processes sharing an output folder — two jest workers, or a test run beside `npm start` —
 * never synthesize into it at once: the second waits, then finds the fresh synth and reuses it.
 * A lock whose owner process is gone (or older than 10 minutes) is taken over.
 *
 * @example
 * const { synthesized } = await synthesizeLocalExclusive({ outdir: 'cdk.out' });
 */
export async function synthesizeLocalExclusive(options: {
  outdir: string;
  context?: Record<string, unknown>;
  waitMs?: number;
}): Promise<SynthResult> {
  const lockDir = `${path.resolve(options.outdir)}.lock`;
  const deadline = Date.now() + (options.waitMs ?? 2 * STALE_LOCK_MS);
  mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockIsStale(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`another process has been synthesizing into ${options.outdir} for too long (lock ${lockDir})`);
      await sleep(250);
    }
  }
  try {
    writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
    return synthesizeLocal({ outdir: options.outdir, ...(options.context ? { context: options.context } : {}) });
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
