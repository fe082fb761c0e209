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

function sessionOf(client: pg.PoolClient): Session {
  return {
    async query(sql, values = [], types = []): Promise<RawResult> {
      const result = await client.query({
        text: sql,
        values,
        types: parameterTypes(types),
        rowMode: 'array',
        queryMode: 'extended',
      } as unknown as pg.QueryConfig);
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
    async autocommit(work) {
      const client = await pool.connect();
      try {
        return await work(sessionOf(client));
      } finally {
        client.release();
      }
    },
    async begin(): Promise<TransactionSession> {
      const client = await pool.connect();
      const session = sessionOf(client);
      try {
        await session.query('BEGIN');
      } catch (error) {
        client.release(true);
        throw error;
      }
      return { query: session.query, release: async () => client.release() };
    },
    async close() {
      await pool.end();
    },
  };
}
