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
  let localeC: boolean;
  try {
    await createDatabaseIfMissing(embedded.url(), LOCAL_DATABASE);
    localeC = await madeWithLocaleC(embedded.url(LOCAL_DATABASE));
  } catch (error) {
    await close();
    throw error;
  }
  const orphan = embedded.stoppedOrphanPid
    ? `; stopped the server pid ${embedded.stoppedOrphanPid} an earlier run left`
    : '';
  // A database keeps the locale it was made with, so one made before the cluster used ICU is named.
  const legacy = localeC
    ? `; made with locale C, whose lower() leaves non-ASCII letters as they are (Aurora's does not): remove ${embedded.dataDir} to make it again`
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

async function madeWithLocaleC(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ c: boolean }>(
      "SELECT datlocprovider = 'c' AND datctype = 'C' AS c FROM pg_database WHERE datname = current_database()",
    );
    return rows[0]?.c === true;
  } finally {
    await client.end();
  }
}
