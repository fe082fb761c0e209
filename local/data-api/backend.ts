/**
 * What the emulator needs from a PostgreSQL server: run one statement with explicitly typed
 * text-format parameters and hand back text-format values plus the row description, inside
 * either an autocommit scope or a held transaction session, on the database a call names.
 */

/** A result column as PostgreSQL's RowDescription describes it. */
export interface RawField {
  name: string;
  tableID: number;
  columnID: number;
  dataTypeID: number;
  dataTypeModifier: number;
}

/** One statement's outcome with every value in PostgreSQL's text format. */
export interface RawResult {
  /** Undefined when the statement returns no rows (no RowDescription), e.g. DML without RETURNING. */
  fields?: RawField[];
  rows: Array<Array<string | null>>;
  /** The CommandComplete tag, e.g. `INSERT 0 3`. */
  command: string;
}

/** A connection-like handle: statements issued through it run in one PostgreSQL session. */
export interface Session {
  query(sql: string, values?: Array<string | null>, types?: number[]): Promise<RawResult>;
  /** Cancels the statement running on this session. */
  cancel?(): Promise<void>;
}

/** A session held for one Data API transaction until `release`. */
export interface TransactionSession extends Session {
  /** Gives the session back (after COMMIT or ROLLBACK has been issued through it). */
  release(): Promise<void>;
}

/**
 * Which session a call needs: the `database` it names (undefined: the server's own). The one
 * place a per-call setting (a role chosen by `secretArn`, say) would be added.
 */
export interface SessionTarget {
  database: string | undefined;
  /**
   * The PostgreSQL role the call's secret stands for (`secret-roles.ts`): the session switches to
   * it for the call or the transaction; null for the master secret (the connection's own user).
   */
  role: string | null;
}

/** A PostgreSQL server the emulator can run statements on. */
export interface Backend {
  /** Runs `work` on a session in autocommit mode; the session is used by nobody else meanwhile. */
  autocommit<T>(target: SessionTarget, work: (session: Session) => Promise<T>): Promise<T>;
  /** Holds a session, issues BEGIN on it and returns it. */
  begin(target: SessionTarget): Promise<TransactionSession>;
  close(): Promise<void>;
}

/** Rows affected as JDBC reports them from a command tag (`INSERT 0 3` → 3, `CREATE TABLE` → 0). */
export function affectedRows(command: string): number {
  const parts = command.split(' ');
  const last = Number(parts[parts.length - 1]);
  switch (parts[0]) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'COPY':
    case 'SELECT':
      return Number.isFinite(last) ? last : 0;
    default:
      return 0;
  }
}

/** Session settings every connection gets, matching an Aurora PostgreSQL default parameter group. */
export const SESSION_SETTINGS = { TimeZone: 'UTC', DateStyle: 'ISO, MDY', IntervalStyle: 'postgres' } as const;
