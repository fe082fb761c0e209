/**
 * The source table column behind each result field (table name, NOT NULL, auto-increment), for
 * `columnMetadata`, read from the catalog through the statement's own session and cached per
 * table. Every app query asks for `includeResultMetadata`, and the catalog query was a second
 * round trip per call, most of the emulator's cost for a small SELECT (docs/PERFORMANCE.md).
 *
 * The cache is forgotten whenever a statement through this emulator may change a table's
 * columns (a command tag starting with CREATE, ALTER, DROP, or a DO/CALL, which may run DDL),
 * and again when the transaction that ran it ends, since others may read the catalog before it
 * commits. A lookup inside such a transaction (seeing its uncommitted DDL) is not cached, and
 * one that raced a forget is dropped (a generation counter). DDL run on the database by other
 * means than this emulator is not seen: restart the emulator after it.
 */
import type { RawField, Session } from './backend';
import { OID_ARRAY } from './type-catalog';

/** What `columnMetadata` needs from the table a result column comes from. */
export interface SourceColumn {
  tableName: string;
  notNull: boolean;
  autoIncrement: boolean;
}

const CHANGES_COLUMNS = /^(CREATE|ALTER|DROP|DO|CALL)\b/;

/** Whether a statement with this command tag may have changed a table's columns. */
export function mayChangeColumns(command: string): boolean {
  return CHANGES_COLUMNS.test(command);
}

/** The source columns of the tables an emulator has seen, keyed by table OID, then column number. */
export class SourceColumnCache {
  private readonly tables = new Map<number, Map<number, SourceColumn>>();
  private readonly transactionsWithDdl = new Set<string>();
  private generation = 0;

  /**
   * The source column behind each field that has one, keyed `tableID:columnID`.
   *
   * @example
   * const sources = await cache.lookup(session, result.fields, undefined);
   * sources.get(`${field.tableID}:${field.columnID}`)?.tableName; // 'orgs'
   */
  async lookup(
    session: Session,
    fields: RawField[],
    transactionId: string | undefined,
  ): Promise<Map<string, SourceColumn>> {
    const wanted = [...new Set(fields.filter((f) => f.tableID !== 0).map((f) => f.tableID))];
    const missing = wanted.filter((table) => !this.tables.has(table));
    const fetched = new Map<number, Map<number, SourceColumn>>();
    if (missing.length > 0) {
      const generation = this.generation;
      for (const [table, columns] of await readSourceColumns(session, missing)) fetched.set(table, columns);
      const cacheable = transactionId === undefined || !this.transactionsWithDdl.has(transactionId);
      if (cacheable && generation === this.generation)
        for (const [table, columns] of fetched) this.tables.set(table, columns);
    }
    const sources = new Map<string, SourceColumn>();
    for (const table of wanted) {
      for (const [attnum, column] of fetched.get(table) ?? this.tables.get(table) ?? []) {
        sources.set(`${table}:${attnum}`, column);
      }
    }
    return sources;
  }

  /** Called with the command tag of every statement run through the emulator. */
  noteCommand(command: string, transactionId: string | undefined): void {
    if (!mayChangeColumns(command)) return;
    this.forget();
    if (transactionId !== undefined) this.transactionsWithDdl.add(transactionId);
  }

  /** Called when a transaction ends, however it ends. */
  transactionEnded(transactionId: string): void {
    if (this.transactionsWithDdl.delete(transactionId)) this.forget();
  }

  private forget(): void {
    this.tables.clear();
    this.generation += 1;
  }
}

async function readSourceColumns(session: Session, tables: number[]): Promise<Map<number, Map<number, SourceColumn>>> {
  const result = await session.query(
    `SELECT c.oid::int8, a.attnum, c.relname, a.attnotnull,
            a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false)
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ANY($1) AND a.attnum > 0`,
    [`{${tables.join(',')}}`],
    [OID_ARRAY],
  );
  const byTable = new Map<number, Map<number, SourceColumn>>(tables.map((table) => [table, new Map()]));
  for (const row of result.rows) {
    byTable.get(Number(row[0]))?.set(Number(row[1]), {
      tableName: row[2]!,
      notNull: row[3] === 't',
      autoIncrement: row[4] === 't',
    });
  }
  return byTable;
}
