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

const rawText = (value: string) => value;

/**
 * `pg` reads `types` both as the Parse message's parameter OIDs (an array) and as the result
 * parser source (`getTypeParser`); one array carrying both keeps every value in text format.
 */
function parameterTypes(types: number[]): number[] & { getTypeParser: () => typeof rawText } {
  return Object.assign([...types], { getTypeParser: () => rawText });
}

/**
 * SQL that may leave the session under another role than the one this backend set: `SET ROLE`,
 * `RESET ROLE`/`RESET ALL`, `set_config(…)`, `SET SESSION AUTHORIZATION`, `DISCARD`. Matched on
 * the text, comments and strings included, so it errs toward closing a connection, never toward
 * pooling one whose role is unknown.
 */
const MAY_CHANGE_ROLE =
  /\b(?:set\s+(?:session\s+|local\s+)?role|reset\s+(?:role|all)|session\s+authorization|discard)\b|\bset_config\s*\(/i;

/**
 * The role each pooled connection was last switched to (absent: the connection's own user), so a
 * call under the role the connection already has costs one statement, not three
 * (`SET ROLE`, the statement, `RESET ROLE`): docs/PERFORMANCE.md, "After the second profile".
 */
const sessionRoles = new WeakMap<pg.PoolClient, string>();

/** How a session runs its statements. */
interface SessionOptions {
  /** Told when a statement may have changed the session's role. */
  onRoleChange: () => void;
  statements: PreparedStatements;
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
      // The same request a client's cancel key sends, issued from another pooled connection.
      const pid = (client as unknown as { processID: number }).processID;
      await pool.query('SELECT pg_cancel_backend($1)', [pid]);
    },
    async query(sql, values = [], types = []): Promise<RawResult> {
      if (MAY_CHANGE_ROLE.test(sql)) options.onRoleChange();
      const { statements } = options;
      const name = options.named ? statements.nameFor(client, sql, types) : undefined;
      const result = await run(sql, values, types, name).catch((error: unknown) => {
        // Raised at Bind, before the statement ran: safe to run again unnamed (prepared-statements.ts).
        if (name === undefined || !isStalePlanError(error) || client.getTransactionStatus() !== 'I') throw error;
        statements.forget();
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

/** Puts `client`'s session under `role` (null: the connection's own user) unless it already is. */
async function switchRole(client: pg.PoolClient, role: string | null): Promise<void> {
  if ((sessionRoles.get(client) ?? null) === role) return;
  sessionRoles.delete(client);
  await client.query(role === null ? 'RESET ROLE' : setRole(role));
  if (role !== null) sessionRoles.set(client, role);
}

/** `SET SESSION ROLE "<role>"`: the role of a local secret (`secret-roles.ts`), quoted as an identifier. */
function setRole(role: string): string {
  return `SET SESSION ROLE "${role.replaceAll('"', '""')}"`;
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

  return {
    async autocommit(target, work) {
      const { client, pool } = await pools.connect(target.database);
      let roleUnknown = false;
      try {
        await switchRole(client, target.role);
        return await work(
          sessionOf(client, pool, { onRoleChange: () => (roleUnknown = true), statements, named: true }),
        );
      } finally {
        // A connection whose role is unknown, or left inside a transaction, is closed, not pooled.
        client.release(roleUnknown || client.getTransactionStatus() !== 'I');
      }
    },
    async begin(target): Promise<TransactionSession> {
      const { client, pool } = await pools.connect(target.database);
      let roleUnknown = false;
      const session = sessionOf(client, pool, { onRoleChange: () => (roleUnknown = true), statements, named: false });
      try {
        await switchRole(client, target.role);
        await session.query('BEGIN');
      } catch (error) {
        client.release(true);
        throw error;
      }
      return {
        query: session.query,
        cancel: session.cancel,
        release: async () => client.release(roleUnknown || client.getTransactionStatus() !== 'I'),
      };
    },
    async close() {
      await pools.end();
    },
  };
}
