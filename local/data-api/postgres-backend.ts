/**
 * The real-server backend: a `pg` pool; an autocommit statement borrows a connection for
 * its duration, a Data API transaction holds one dedicated connection until it ends.
 */
import pg from 'pg';
import type { Backend, RawField, RawResult, Session, TransactionSession } from './backend';
import { SESSION_SETTINGS } from './backend';

const rawText = (value: string) => value;

/**
 * `pg` reads `types` both as the Parse message's parameter OIDs (an array) and as the result
 * parser source (`getTypeParser`); one array carrying both keeps every value in text format.
 */
function parameterTypes(types: number[]): number[] & { getTypeParser: () => typeof rawText } {
  return Object.assign([...types], { getTypeParser: () => rawText });
}

function sessionOf(client: pg.PoolClient, pool: pg.Pool): Session {
  let running = 0;
  return {
    async cancel() {
      if (running === 0) return;
      // The same request a client's cancel key sends, issued from another pooled connection.
      const pid = (client as unknown as { processID: number }).processID;
      await pool.query('SELECT pg_cancel_backend($1)', [pid]);
    },
    async query(sql, values = [], types = []): Promise<RawResult> {
      const config = { text: sql, values, types: parameterTypes(types), rowMode: 'array', queryMode: 'extended' };
      running += 1;
      const result = await client.query(config as unknown as pg.QueryConfig).finally(() => {
        running -= 1;
      });
      const fields = result.fields as unknown as RawField[];
      return {
        // pg reports an empty field list both for "no RowDescription" and for zero columns.
        fields: fields.length > 0 ? fields.map(pickField) : undefined,
        rows: result.rows as Array<Array<string | null>>,
        command: [result.command, result.command === 'INSERT' ? '0' : undefined, result.rowCount ?? undefined]
          .filter((part) => part !== undefined)
          .join(' '),
      };
    },
  };
}

/** `SET [LOCAL] ROLE "<role>"`: the role of a local secret (`secret-roles.ts`), quoted as an identifier. */
function setRole(role: string, scope: 'SESSION' | 'LOCAL'): string {
  return `SET ${scope} ROLE "${role.replaceAll('"', '""')}"`;
}

function pickField(field: RawField): RawField {
  return {
    name: field.name,
    tableID: field.tableID,
    columnID: field.columnID,
    dataTypeID: field.dataTypeID,
    dataTypeModifier: field.dataTypeModifier,
  };
}

/**
 * Connects a pool to `connectionString` with Aurora's default session settings (UTC).
 *
 * @example
 * const backend = await createPostgresBackend({ connectionString: process.env.DATABASE_URL! });
 */
export async function createPostgresBackend(options: { connectionString: string; max?: number }): Promise<Backend> {
  const settings = Object.entries(SESSION_SETTINGS)
    .map(([name, value]) => `-c ${name}=${value.replaceAll(' ', '\\ ')}`)
    .join(' ');
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 20, options: settings });
  // An idle client that dies (server restart) must not crash the emulator.
  pool.on('error', () => undefined);
  const probe = await pool.connect();
  probe.release();

  return {
    kind: 'postgres',
    async autocommit(work, role) {
      const client = await pool.connect();
      let reusable = true;
      try {
        if (role) await client.query(setRole(role, 'SESSION'));
        return await work(sessionOf(client, pool));
      } finally {
        // A connection that cannot drop the role (e.g. left in an aborted transaction) is discarded.
        if (role)
          reusable = await client.query('RESET ROLE').then(
            () => true,
            () => false,
          );
        client.release(!reusable);
      }
    },
    async begin(role): Promise<TransactionSession> {
      const client = await pool.connect();
      const session = sessionOf(client, pool);
      try {
        await session.query('BEGIN');
        // LOCAL: COMMIT or ROLLBACK ends the role with the transaction.
        if (role) await session.query(setRole(role, 'LOCAL'));
      } catch (error) {
        client.release(true);
        throw error;
      }
      return { query: session.query, cancel: session.cancel, release: async () => client.release() };
    },
    async close() {
      await pool.end();
    },
  };
}
