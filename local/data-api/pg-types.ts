/**
 * The PostgreSQL type OIDs the emulator binds and decodes, and what PgJDBC (which the real Data
 * API runs on) reports about each in `columnMetadata`.
 */

/** Built-in type OIDs (stable across PostgreSQL versions). */
export const OID = {
  unspecified: 0,
  bool: 16,
  bytea: 17,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  xml: 142,
  point: 600,
  lseg: 601,
  path: 602,
  box: 603,
  polygon: 604,
  line: 628,
  cidr: 650,
  float4: 700,
  float8: 701,
  circle: 718,
  money: 790,
  macaddr: 829,
  inet: 869,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
  bit: 1560,
  varbit: 1562,
  numeric: 1700,
  uuid: 2950,
  jsonb: 3802,
} as const;

/** How a value of a type is carried in a Data API `Field`. */
export type FieldKind =
  | 'long'
  | 'double'
  | 'decimal'
  | 'boolean'
  | 'blob'
  | 'string'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'unsupported';

/** What the emulator knows about a type: its name, how to encode it, and its array element type. */
export interface TypeInfo {
  oid: number;
  name: string;
  kind: FieldKind;
  /** For array types, the element type's OID. */
  elementOid?: number;
}

const SCALARS: Array<[number, string, FieldKind]> = [
  [OID.bool, 'bool', 'boolean'],
  [OID.bytea, 'bytea', 'blob'],
  [OID.char, 'char', 'string'],
  [OID.name, 'name', 'string'],
  [OID.int8, 'int8', 'long'],
  [OID.int2, 'int2', 'long'],
  [OID.int4, 'int4', 'long'],
  [OID.text, 'text', 'string'],
  [OID.oid, 'oid', 'long'],
  [OID.json, 'json', 'string'],
  [OID.xml, 'xml', 'string'],
  [OID.point, 'point', 'unsupported'],
  [OID.lseg, 'lseg', 'unsupported'],
  [OID.path, 'path', 'unsupported'],
  [OID.box, 'box', 'unsupported'],
  [OID.polygon, 'polygon', 'unsupported'],
  [OID.line, 'line', 'unsupported'],
  [OID.cidr, 'cidr', 'string'],
  [OID.float4, 'float4', 'double'],
  [OID.float8, 'float8', 'double'],
  [OID.circle, 'circle', 'unsupported'],
  [OID.money, 'money', 'unsupported'],
  [OID.macaddr, 'macaddr', 'string'],
  [OID.inet, 'inet', 'string'],
  [OID.bpchar, 'bpchar', 'string'],
  [OID.varchar, 'varchar', 'string'],
  [OID.date, 'date', 'date'],
  [OID.time, 'time', 'time'],
  [OID.timestamp, 'timestamp', 'timestamp'],
  [OID.timestamptz, 'timestamptz', 'timestamptz'],
  [OID.interval, 'interval', 'unsupported'],
  [OID.timetz, 'timetz', 'unsupported'],
  [OID.bit, 'bit', 'string'],
  [OID.varbit, 'varbit', 'string'],
  [OID.numeric, 'numeric', 'decimal'],
  [OID.uuid, 'uuid', 'string'],
  [OID.jsonb, 'jsonb', 'string'],
];

/** Array type OID → element OID for the built-ins above. */
const ARRAYS: Array<[number, number]> = [
  [1000, OID.bool],
  [1001, OID.bytea],
  [1002, OID.char],
  [1003, OID.name],
  [1016, OID.int8],
  [1005, OID.int2],
  [1007, OID.int4],
  [1009, OID.text],
  [1028, OID.oid],
  [199, OID.json],
  [143, OID.xml],
  [1017, OID.point],
  [1018, OID.lseg],
  [1019, OID.path],
  [1020, OID.box],
  [1027, OID.polygon],
  [629, OID.line],
  [651, OID.cidr],
  [1021, OID.float4],
  [1022, OID.float8],
  [719, OID.circle],
  [791, OID.money],
  [1040, OID.macaddr],
  [1041, OID.inet],
  [1014, OID.bpchar],
  [1015, OID.varchar],
  [1182, OID.date],
  [1183, OID.time],
  [1115, OID.timestamp],
  [1185, OID.timestamptz],
  [1187, OID.interval],
  [1270, OID.timetz],
  [1561, OID.bit],
  [1563, OID.varbit],
  [1231, OID.numeric],
  [2951, OID.uuid],
  [3807, OID.jsonb],
];

const BUILT_IN = new Map<number, TypeInfo>();
for (const [oid, name, kind] of SCALARS) BUILT_IN.set(oid, { oid, name, kind });
for (const [oid, elementOid] of ARRAYS) {
  const element = BUILT_IN.get(elementOid)!;
  BUILT_IN.set(oid, { oid, name: `_${element.name}`, kind: element.kind, elementOid });
}

/** The built-in type with this OID, or undefined for user types (enums, domains, their arrays). */
export function builtInType(oid: number): TypeInfo | undefined {
  return BUILT_IN.get(oid);
}

/** The catalog row the emulator reads for a type it does not know (`pg_type`). */
export interface CatalogType {
  oid: number;
  typname: string;
  typelem: number;
  typcategory: string;
  typbasetype: number;
}

/**
 * Type info for a user-defined type from its catalog row: enums and other non-numeric types
 * are strings (as PgJDBC reads them), arrays point at their element, domains take their base type.
 */
export function catalogTypeInfo(row: CatalogType, lookup: (oid: number) => TypeInfo | undefined): TypeInfo {
  if (row.typcategory === 'A' && row.typelem !== 0) {
    const element = lookup(row.typelem);
    return { oid: row.oid, name: row.typname, kind: element?.kind ?? 'string', elementOid: row.typelem };
  }
  if (row.typbasetype !== 0) {
    const base = lookup(row.typbasetype);
    if (base) return { ...base, oid: row.oid, name: row.typname };
  }
  return { oid: row.oid, name: row.typname, kind: 'string' };
}

/** java.sql.Types codes PgJDBC reports (`columnMetadata.type`). */
export function javaSqlType(info: TypeInfo): number {
  if (info.elementOid !== undefined) return 2003; // ARRAY
  switch (info.oid) {
    case OID.bool:
      return -7; // BIT
    case OID.int2:
      return 5;
    case OID.int4:
      return 4;
    case OID.int8:
    case OID.oid:
      return -5;
    case OID.float4:
      return 7;
    case OID.float8:
      return 8;
    case OID.numeric:
      return 2;
    case OID.bpchar:
    case OID.char:
      return 1;
    case OID.text:
    case OID.varchar:
    case OID.name:
      return 12;
    case OID.bytea:
      return -2;
    case OID.date:
      return 91;
    case OID.time:
    case OID.timetz:
      return 92;
    case OID.timestamp:
    case OID.timestamptz:
      return 93;
    case OID.xml:
      return 2009;
    case OID.bit:
      return -7;
    default:
      return 1111; // OTHER: uuid, json, jsonb, inet, enums
  }
}
