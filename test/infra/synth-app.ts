/**
 * Builds the real CDK app in-process for the infrastructure tests. Bundling is skipped (the
 * asset contents are irrelevant to the template) so a synth takes seconds, not a minute.
 */
import { App } from 'aws-cdk-lib';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type IntelloApp } from '../../lib/app';

export const EXAMPLE_SUPABASE_URL = 'https://abcdefghijklmnop.supabase.co';

export function synthApp(context: Record<string, unknown> = {}): IntelloApp & { app: App } {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'intello-cdk-')),
    context: { supabaseUrl: EXAMPLE_SUPABASE_URL, 'aws:cdk:bundling-stacks': [], ...context },
  });
  return { app, ...buildApp(app) };
}
