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
 *
 * Then the other way in: the machine account (its org's owner) creates an org API key, a
 * second client works with that key alone (`IntelloClient.withApiKey`: no sign-in, no refresh,
 * no sync), and the key is revoked, after which it gets 401. Keys are on in `npm start`
 * (`LOCAL_ORG_API_KEYS=false` turns them off, and this part is skipped).
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

interface CreatedKey {
  apiKey: { id: string; start: string; scopes: string[] };
  secret: string;
}

/** An org API key: created by the machine account, used by a client of its own, then revoked. */
async function withAnApiKey(admin: IntelloClient, endpoints: Endpoints): Promise<void> {
  let created: CreatedKey;
  try {
    created = await admin.request<CreatedKey>({
      method: 'POST',
      path: '/api/org/api-keys',
      body: { name: 'nightly import', scopes: ['specs:read', 'specs:write'], expiresInDays: 1 },
    });
  } catch (error) {
    if (error instanceof IntelloApiError && error.status === 404) {
      log('org API keys are off in this stack (LOCAL_ORG_API_KEYS=false): skipping the key part');
      return;
    }
    throw error;
  }
  log(
    `POST /api/org/api-keys → key ${created.apiKey.start}… with ${created.apiKey.scopes.join(', ')} (secret shown once)`,
  );

  const keyClient = IntelloClient.withApiKey(created.secret, {
    apiUrl: endpoints.publicApiUrl,
    onEvent: (event) => log(`  · [key] ${describeEvent(event)}`),
  });
  const spec = await keyClient.specs.create({ name: `made with a key ${randomUUID().slice(0, 4)}` });
  const page = await keyClient.specs.list({ limit: 100 });
  await keyClient.specs.delete(spec.id);
  log(`[key] created "${spec.name}", org has ${page.items.length} spec(s), deleted it`);

  await admin.request({ method: 'DELETE', path: `/api/org/api-keys/${created.apiKey.id}` });
  try {
    await keyClient.specs.list();
  } catch (error) {
    if (!(error instanceof IntelloApiError)) throw error;
    log(`[key] revoked; the next call → ${error.status} ${error.code}: "${error.message}"`);
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
    `signed in as ${account.email} (user ${client.userId}); token valid until ${client.accessTokenExpiresAt?.toISOString()}`,
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

  await withAnApiKey(client, endpoints);

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
