/**
 * Synthesizes the real CDK app (bundles included) for the local stack, in-process, and skips the
 * work when nothing that goes into it has changed since the last synth into the same folder.
 */
import { App } from 'aws-cdk-lib';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

export interface SynthResult {
  outdir: string;
  /** False when an up-to-date synth was reused. */
  synthesized: boolean;
}

/**
 * Synthesizes the app into `outdir` unless an up-to-date synth is already there.
 *
 * @example
 * const { synthesized } = synthesizeLocal({ outdir: 'cdk.out' });
 */
export function synthesizeLocal(options: { outdir: string }): SynthResult {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const context: Record<string, unknown> = {
    ...cdkJson.context,
    supabaseUrl: LOCAL_SYNTH_SUPABASE_URL,
    stageName: LOCAL_STAGE,
    'aws:cdk:enable-asset-metadata': true,
  };
  const fingerprint = synthFingerprint(context);
  const marker = path.join(options.outdir, FINGERPRINT_FILE);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === fingerprint) return { outdir: options.outdir, synthesized: false };
  rmSync(options.outdir, { recursive: true, force: true });
  const app = new App({ outdir: options.outdir, context });
  buildApp(app);
  app.synth();
  writeFileSync(marker, fingerprint);
  return { outdir: options.outdir, synthesized: true };
}
