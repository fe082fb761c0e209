/**
 * What the emulator needs from a PostgreSQL engine: run one statement with explicitly typed
 * text-format parameters and hand back text-format values plus the row description, inside
 * either an autocommit scope or a held transaction session.
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
  /** Cancels the statement running on this session, where the engine allows it (not PGlite). */
  cancel?(): Promise<void>;
}

/** A session held for one Data API transaction until `release`. */
export interface TransactionSession extends Session {
  /** Gives the session back (after COMMIT or ROLLBACK has been issued through it). */
  release(): Promise<void>;
}

/** A PostgreSQL engine the emulator can run statements on. */
export interface Backend {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `work` on a session in autocommit mode; the session is used by nobody else meanwhile.
   * With a `role` (a local secret's, see `secret-roles.ts`) the statements run as that role.
   */
  autocommit<T>(work: (session: Session) => Promise<T>, role?: string | null): Promise<T>;
  /** Holds a session, issues BEGIN on it (then switches to `role`, if given) and returns it. */
  begin(role?: string | null): Promise<TransactionSession>;
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

/** Session settings both backends apply, matching an Aurora PostgreSQL default parameter group. */
export const SESSION_SETTINGS = { TimeZone: 'UTC', DateStyle: 'ISO, MDY', IntervalStyle: 'postgres' } as const;
