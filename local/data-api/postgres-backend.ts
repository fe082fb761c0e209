/**
 * The emulator's PostgreSQL backend: `pg` pools; an autocommit statement borrows a connection
 * for its duration, a Data API transaction holds one dedicated connection until it ends.
 */
import pg from 'pg';
import type { Backend, RawField, RawResult, Session, TransactionSession } from './backend';
import { SESSION_SETTINGS } from './backend';
import { LOCAL_DATABASE } from './constants';
import { DataApiError } from './errors';
import { isStalePlanError, PreparedStatements } from './prepared-statements';
import { SessionRoles } from './session-roles';

const rawText = (value: string) => value;

/**
 * `pg` reads `types` both as the Parse message's parameter OIDs (an array) and as the result
 * parser source (`getTypeParser`); one array carrying both keeps every value in text format.
 */
function parameterTypes(types: number[]): number[] & { getTypeParser: () => typeof rawText } {
  return Object.assign([...types], { getTypeParser: () => rawText });
}

/** How a session runs its statements. */
interface SessionOptions {
  roles: SessionRoles;
  statements: PreparedStatements;
  /** The role the session runs under (null: the connection's own user): part of a statement's name. */
  role: string | null;
  /** Outside Data API transactions only: repeated statements run under a name. */
  named: boolean;
}

/** A session on `client`. */
function sessionOf(client: pg.PoolClient, pool: pg.Pool, options: SessionOptions): Session {
  let running = 0;
  const run = async (sql: string, values: Array<string | null>, types: number[], name: string | undefined) => {
    running += 1;
    try {
      const config = { text: sql, name, values, types: parameterTypes(types), rowMode: 'array', queryMode: 'extended' };
      return await client.query(config as unknown as pg.QueryConfig);
    } finally {
      running -= 1;
    }
  };
  return {
    async cancel() {
      if (running === 0) return;
      // The same request a client's cancel key sends, issued from another pooled connection as
      // its own user: a role secret's role may not signal a backend whose login is the owner.
      const pid = (client as unknown as { processID: number }).processID;
      const canceller = await pool.connect();
      try {
        await options.roles.enter(canceller, null);
        await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
      } finally {
        canceller.release(!options.roles.intact(canceller));
      }
    },
    async query(sql, values = [], types = []): Promise<RawResult> {
      const { roles, statements } = options;
      roles.noteSql(client, sql);
      // Never inside a transaction, not even one the SQL began itself (BatchExecute's, a stray
      // BEGIN): there a stale plan's error could not be retried.
      const nameable = options.named && client.getTransactionStatus() === 'I';
      const name = nameable ? statements.nameFor(client, sql, types, options.role) : undefined;
      const result = await run(sql, values, types, name).catch((error: unknown) => {
        if (name === undefined || !isStalePlanError(error)) throw error;
        statements.forget();
        // Raised at Bind, before the statement ran: safe to run again unnamed (prepared-statements.ts).
        if (client.getTransactionStatus() !== 'I') throw error;
        return run(sql, values, types, undefined);
      });
      const command = [result.command, result.command === 'INSERT' ? '0' : undefined, result.rowCount ?? undefined]
        .filter((part) => part !== undefined)
        .join(' ');
      statements.noteCommand(command);
      const fields = result.fields as unknown as RawField[];
      return {
        // pg reports an empty field list both for "no RowDescription" and for zero columns.
        fields: fields.length > 0 ? fields.map(pickField) : undefined,
        rows: result.rows as Array<Array<string | null>>,
        command,
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

/** A pool per database the calls name, on one server. */
class Pools {
  private readonly pools = new Map<string, pg.Pool>();
  private readonly settings = Object.entries(SESSION_SETTINGS)
    .map(([name, value]) => `-c ${name}=${value.replaceAll(' ', '\\ ')}`)
    .join(' ');

  constructor(
    private readonly connectionString: string,
    private readonly max: number,
  ) {}

  /** The pool for `database`; `LOCAL_DATABASE` and undefined mean the connection string's own. */
  for(database: string | undefined): pg.Pool {
    const key = database === undefined || database === LOCAL_DATABASE ? '' : database;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new pg.Pool({ connectionString: this.urlFor(key), max: this.max, options: this.settings });
      // An idle client that dies (server restart, database dropped) must not crash the emulator.
      pool.on('error', () => undefined);
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** A connection to `database`; a database the server lacks answers as the service does. */
  async connect(database: string | undefined): Promise<{ client: pg.PoolClient; pool: pg.Pool }> {
    const pool = this.for(database);
    try {
      return { client: await pool.connect(), pool };
    } catch (error) {
      if ((error as { code?: string }).code !== '3D000') throw error;
      this.pools.delete(database ?? '');
      void pool.end();
      throw new DataApiError('BadRequestException', `FATAL: database "${database}" does not exist; SQLState: 3D000`);
    }
  }

  async end(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
    this.pools.clear();
  }

  private urlFor(database: string): string {
    if (database === '') return this.connectionString;
    const url = new URL(this.connectionString);
    url.pathname = `/${encodeURIComponent(database)}`;
    return url.toString();
  }
}

/**
 * Connects to the server of `connectionString` with Aurora's default session settings (UTC).
 * Calls that name no database, or the emulator's `LOCAL_DATABASE`, use the connection string's
 * database; a call naming another database gets a pool of its own on the same server.
 *
 * @example
 * const backend = await createPostgresBackend({ connectionString: process.env.DATABASE_URL! });
 */
export async function createPostgresBackend(options: { connectionString: string; max?: number }): Promise<Backend> {
  const pools = new Pools(options.connectionString, options.max ?? 20);
  const probe = await pools.connect(undefined);
  probe.client.release();
  const statements = new PreparedStatements();
  const roles = new SessionRoles();

  return {
    async autocommit(target, work) {
      const { client, pool } = await pools.connect(target.database);
      try {
        await roles.enter(client, target.role);
        return await work(sessionOf(client, pool, { roles, statements, role: target.role, named: true }));
      } finally {
        // Closed, not pooled: a connection whose role is unknown, left inside a transaction, or full of names.
        client.release(!roles.intact(client) || client.getTransactionStatus() !== 'I' || statements.full(client));
      }
    },
    async begin(target): Promise<TransactionSession> {
      const { client, pool } = await pools.connect(target.database);
      const session = sessionOf(client, pool, { roles, statements, role: target.role, named: false });
      try {
        await roles.enter(client, target.role);
        await session.query('BEGIN');
      } catch (error) {
        client.release(true);
        throw error;
      }
      return {
        query: session.query,
        cancel: session.cancel,
        release: async () => client.release(!roles.intact(client) || client.getTransactionStatus() !== 'I'),
      };
    },
    async close() {
      await pools.end();
    },
  };
}
