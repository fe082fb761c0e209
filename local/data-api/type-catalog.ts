/**
 * Looks up what the built-in tables do not cover, through the same session as the statement
 * (so a type or table created earlier in the transaction is visible): user types (enums,
 * domains, their arrays) by OID, cached. The source columns behind a result are in
 * source-columns.ts.
 */
import type { RawField, Session } from './backend';
import { builtInType, catalogTypeInfo, OID, type CatalogType, type TypeInfo } from './pg-types';

export const OID_ARRAY = 1028;

/** A per-backend cache of user type OIDs. */
export class TypeCatalog {
  private readonly cache = new Map<number, TypeInfo>();

  /**
   * The type of each field, looking unknown OIDs up in `pg_type`.
   *
   * @example
   * const types = await catalog.typesOf(session, result.fields);
   */
  async typesOf(session: Session, fields: RawField[]): Promise<TypeInfo[]> {
    const rows = new Map<number, CatalogType>();
    let missing = this.missing(fields.map((f) => f.dataTypeID));
    // An array of a user type, or a domain, needs its element or base type looked up as well.
    for (let round = 0; round < 3 && missing.length > 0; round += 1) {
      const result = await session.query(
        'SELECT oid::int8, typname, typelem::int8, typcategory, typbasetype::int8 FROM pg_type WHERE oid = ANY($1)',
        [`{${missing.join(',')}}`],
        [OID_ARRAY],
      );
      const fetched: CatalogType[] = result.rows.map((r) => ({
        oid: Number(r[0]),
        typname: r[1]!,
        typelem: Number(r[2]),
        typcategory: r[3]!,
        typbasetype: Number(r[4]),
      }));
      for (const row of fetched) rows.set(row.oid, row);
      missing = this.missing(fetched.flatMap((row) => [row.typelem, row.typbasetype])).filter((oid) => !rows.has(oid));
    }
    const resolve = (oid: number): TypeInfo | undefined => {
      const known = this.lookup(oid);
      const row = rows.get(oid);
      if (known || !row) return known;
      rows.delete(oid); // guards against a cycle
      const info = catalogTypeInfo(row, resolve);
      this.cache.set(oid, info);
      return info;
    };
    for (const oid of [...rows.keys()]) resolve(oid);
    return fields.map((f) => this.lookup(f.dataTypeID) ?? { oid: f.dataTypeID, name: 'unknown', kind: 'string' });
  }

  private lookup(oid: number): TypeInfo | undefined {
    return builtInType(oid) ?? this.cache.get(oid);
  }

  private missing(oids: number[]): number[] {
    return [...new Set(oids)].filter((oid) => oid !== OID.unspecified && !this.lookup(oid));
  }
}
