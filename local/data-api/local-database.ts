/**
 * The PostgreSQL server behind the local Data API: the embedded one (the default), kept in a
 * folder or thrown away on close, or any server named by a connection string (`DATABASE_URL`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { LOCAL_DATABASE } from './constants';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

/** Where the data lives: an embedded server (in `dir`, or a temporary folder removed on close) or a server of your own. */
export type DatabaseChoice = { kind: 'embedded'; dir: string | undefined } | { kind: 'server'; url: string };

/** An open database: the connection string the emulator uses, and how to let it go. */
export interface LocalDatabase {
  connectionString: string;
  /** For the start-up line, e.g. `embedded PostgreSQL 17 on 127.0.0.1:41234 (.local/postgres)`. */
  description: string;
  /** The embedded server, when there is one. */
  embedded: EmbeddedPostgres | undefined;
  close(): Promise<void>;
}

/**
 * Opens the database of `choice`; on the embedded server, creates the `intello` database on first use.
 *
 * @example
 * const database = await openLocalDatabase({ kind: 'embedded', dir: '.local/postgres' });
 * const server = await startDataApiServer({ connectionString: database.connectionString });
 */
export async function openLocalDatabase(choice: DatabaseChoice): Promise<LocalDatabase> {
  if (choice.kind === 'server') {
    return {
      connectionString: choice.url,
      description: 'PostgreSQL (DATABASE_URL)',
      embedded: undefined,
      close: async () => undefined,
    };
  }
  const dir = choice.dir ?? mkdtempSync(path.join(tmpdir(), 'intello-postgres-'));
  const throwaway = choice.dir === undefined;
  let embedded: EmbeddedPostgres;
  try {
    embedded = await startEmbeddedPostgres({ dir, durable: !throwaway });
  } catch (error) {
    if (throwaway) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const close = async () => {
    await embedded.stop();
    if (throwaway) rmSync(dir, { recursive: true, force: true });
  };
  let otherLocale: string | undefined;
  try {
    await createDatabaseIfMissing(embedded.url(), LOCAL_DATABASE);
    otherLocale = await localeUnlikeAurora(embedded.url(LOCAL_DATABASE));
  } catch (error) {
    await close();
    throw error;
  }
  const orphan = embedded.stoppedOrphanPid
    ? `; stopped the server pid ${embedded.stoppedOrphanPid} an earlier run left`
    : '';
  // A database keeps the locale it was made with: one made by an earlier version is named.
  const legacy = otherLocale
    ? `; made with locale ${otherLocale}, whose lower() differs from Aurora's (docs/DATA.md): remove ${embedded.dataDir} to make it again`
    : '';
  return {
    connectionString: embedded.url(LOCAL_DATABASE),
    description: `embedded PostgreSQL 17 on 127.0.0.1:${embedded.port} (${throwaway ? 'temporary' : dir})${orphan}${legacy}`,
    embedded,
    close,
  };
}

/**
 * Creates `name` on the server of `serverUrl` unless it exists, optionally as a copy of `template`.
 *
 * @example
 * await createDatabaseIfMissing(embedded.url(), 'intello');
 */
export async function createDatabaseIfMissing(serverUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
  } finally {
    await client.end();
  }
}

/** The database's locale when it is not the builtin C.UTF-8 the cluster is now made with (docs/DATA.md), else undefined. */
async function localeUnlikeAurora(databaseUrl: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ provider: string; locale: string | null; ctype: string }>(
      'SELECT datlocprovider AS provider, datlocale AS locale, datctype AS ctype FROM pg_database WHERE datname = current_database()',
    );
    const { provider, locale, ctype } = rows[0]!;
    if (provider === 'b' && locale === 'C.UTF-8') return undefined;
    return provider === 'i' ? `ICU ${locale}` : provider === 'b' ? `builtin ${locale}` : ctype;
  } finally {
    await client.end();
  }
}
