/**
 * A customer automation job with a machine account, against the stack `npm start` runs:
 *
 *   npm start                       # in one terminal (LOCAL_ACCESS_TOKEN_TTL=10 npm start to watch refreshes)
 *   npm run example:automation      # in another
 *
 * It reads the stack's endpoints from `.local/endpoints.json` (`LOCAL_DIR` moves it). The
 * machine account is `INTELLO_BOT_EMAIL` / `INTELLO_BOT_PASSWORD`; without them it signs a new
 * one up on the local auth emulator, as a customer would create a dedicated Supabase user.
 * `JOB_SECONDS` (default 30) is how long it keeps working; everything it does is printed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { IntelloApiError, IntelloAuthError, IntelloClient, type IntelloClientEvent } from '../client';

interface Endpoints {
  publicApiUrl: string;
  supabaseUrl: string;
  supabaseAnonKey: string;
}

const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);

function readEndpoints(): Endpoints {
  const file = path.resolve(process.env.LOCAL_DIR || '.local', 'endpoints.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Endpoints;
  } catch (error) {
    throw new Error(`cannot read ${file}: start the local stack first with \`npm start\``, { cause: error });
  }
}

async function machineAccount(endpoints: Endpoints): Promise<{ email: string; password: string }> {
  const { INTELLO_BOT_EMAIL: email, INTELLO_BOT_PASSWORD: password } = process.env;
  if (email && password) return { email, password };
  const account = { email: `bot-${randomUUID().slice(0, 8)}@example.com`, password: randomUUID() };
  const supabase = createClient(endpoints.supabaseUrl, endpoints.supabaseAnonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await supabase.auth.signUp(account);
  if (error) throw error;
  log(
    `created machine account ${account.email} on the local auth emulator (set INTELLO_BOT_EMAIL/INTELLO_BOT_PASSWORD to reuse one)`,
  );
  return account;
}

function describeEvent(event: IntelloClientEvent): string {
  switch (event.type) {
    case 'refreshed':
      return `token refreshed, valid until ${event.expiresAt.toISOString()}`;
    case 'synced':
      return `POST /auth/sync → ${event.status} (${event.status === 201 ? 'user and org created' : 'already synced'})`;
    case 'token_rejected':
      return `${event.method} ${event.path} → 401 token_expired: refreshing and sending again`;
    case 'retrying':
      return `${event.method} ${event.path} → ${event.reason}: retry ${event.retry} in ${Math.round(event.delayMs)} ms`;
  }
}

async function main(): Promise<void> {
  const endpoints = readEndpoints();
  const jobSeconds = Number(process.env.JOB_SECONDS || 30);
  if (!(jobSeconds > 0)) throw new Error(`JOB_SECONDS must be a positive number, got "${process.env.JOB_SECONDS}"`);
  const account = await machineAccount(endpoints);

  const client = await IntelloClient.signIn({
    supabaseUrl: endpoints.supabaseUrl,
    supabaseKey: endpoints.supabaseAnonKey,
    apiUrl: endpoints.publicApiUrl,
    ...account,
    onEvent: (event) => log(`  · ${describeEvent(event)}`),
  });
  log(
    `signed in as ${account.email} (user ${client.userId}); token valid until ${client.accessTokenExpiresAt.toISOString()}`,
  );

  const me = await client.me();
  log(`GET /api/me → ${me.user.role} of org "${me.org.name}" (${me.org.plan} plan)`);

  const deadline = Date.now() + jobSeconds * 1000;
  let round = 0;
  while (Date.now() < deadline) {
    round += 1;
    const spec = await client.specs.create({
      name: `nightly import ${round} ${randomUUID().slice(0, 4)}`,
      sourceUrl: 'https://example.com/openapi.json',
    });
    const updated = await client.specs.update(spec.id, { sourceUrl: `https://example.com/openapi-v${round}.json` });
    const page = await client.specs.list({ limit: 100 });
    await client.specs.delete(spec.id);
    log(
      `round ${round}: created "${spec.name}", set sourceUrl ${updated.sourceUrl}, org has ${page.items.length} spec(s), deleted it`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }

  try {
    await client.specs.get(randomUUID());
  } catch (error) {
    if (!(error instanceof IntelloApiError)) throw error;
    log(
      `GET /api/specs/<unknown id> → ${error.status} ${error.code}: "${error.message}" (requestId ${error.requestId})`,
    );
  }

  await client.signOut();
  const s = client.stats;
  log(
    `done: ${s.requests} API requests, ${s.refreshes} token refreshes, ${s.syncs} sync, ${s.retries} retries, ${s.tokenRejections} token_expired answers; signed out`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof IntelloAuthError)
    console.error(`Supabase Auth refused (${error.operation}, ${error.code ?? 'no code'}): ${error.message}`);
  else if (error instanceof IntelloApiError)
    console.error(`API error ${error.status} ${error.code}: ${error.message} (requestId ${error.requestId})`);
  else console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
