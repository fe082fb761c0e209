/**
 * `columnMetadata` as the real service fills it from PgJDBC's ResultSetMetaData: JDBC type
 * codes, PgJDBC's precision/scale rules, `serial`/`bigserial` names for sequence-backed
 * integer columns, the source table name, and an empty schema name.
 */
import type { RawField } from './backend';
import { javaSqlType, OID, type TypeInfo } from './pg-types';
import type { SourceColumn } from './source-columns';

/** One `ColumnMetadata` entry as it goes on the wire. */
export interface ColumnMetadata {
  name: string;
  label: string;
  type: number;
  typeName: string;
  schemaName: string;
  tableName: string;
  isAutoIncrement: boolean;
  isSigned: boolean;
  isCurrency: boolean;
  isCaseSensitive: boolean;
  nullable: number;
  precision: number;
  scale: number;
  arrayBaseColumnType: number;
}

/** PgJDBC's "unknown length" (Integer.MAX_VALUE), reported for text, bytea, uuid, json… */
const UNKNOWN_LENGTH = 2_147_483_647;
const SIGNED = new Set<number>([OID.int2, OID.int4, OID.int8, OID.float4, OID.float8, OID.numeric]);
const CASE_INSENSITIVE = new Set<number>([
  OID.oid,
  OID.int2,
  OID.int4,
  OID.int8,
  OID.float4,
  OID.float8,
  OID.numeric,
  OID.bool,
  OID.bit,
  OID.varbit,
  OID.date,
  OID.time,
  OID.timetz,
  OID.timestamp,
  OID.timestamptz,
  OID.interval,
]);
const SERIAL_NAMES: Record<number, string> = {
  [OID.int2]: 'smallserial',
  [OID.int4]: 'serial',
  [OID.int8]: 'bigserial',
};

/**
 * The metadata of each result column.
 *
 * @example
 * columnMetadata(result.fields, types, sources)[0]; // { name: 'id', typeName: 'uuid', type: 1111, … }
 */
export function columnMetadata(
  fields: RawField[],
  types: TypeInfo[],
  sources: Map<string, SourceColumn>,
): ColumnMetadata[] {
  return fields.map((field, index) => {
    const type = types[index]!;
    const source = sources.get(`${field.tableID}:${field.columnID}`);
    const autoIncrement = source?.autoIncrement ?? false;
    const isArray = type.elementOid !== undefined;
    return {
      name: field.name,
      label: field.name,
      type: javaSqlType(type),
      typeName: autoIncrement && SERIAL_NAMES[type.oid] ? SERIAL_NAMES[type.oid]! : type.name,
      schemaName: '',
      tableName: source?.tableName ?? '',
      isAutoIncrement: autoIncrement,
      isSigned: !isArray && SIGNED.has(type.oid),
      isCurrency: type.oid === OID.money,
      isCaseSensitive: isArray || !CASE_INSENSITIVE.has(type.oid),
      // JDBC: 0 = columnNoNulls, 1 = columnNullable (also what PgJDBC says for expressions).
      nullable: source?.notNull ? 0 : 1,
      precision: isArray ? UNKNOWN_LENGTH : precisionOf(type.oid, field.dataTypeModifier),
      scale: isArray ? 0 : scaleOf(type.oid, field.dataTypeModifier),
      arrayBaseColumnType: 0,
    };
  });
}

function precisionOf(oid: number, typmod: number): number {
  switch (oid) {
    case OID.int2:
      return 5;
    case OID.int4:
    case OID.oid:
      return 10;
    case OID.int8:
      return 19;
    case OID.float4:
      return 8;
    case OID.float8:
      return 17;
    case OID.numeric:
      return typmod === -1 ? 0 : ((typmod - 4) >> 16) & 0xffff;
    case OID.bool:
    case OID.char:
      return 1;
    case OID.bpchar:
    case OID.varchar:
      return typmod === -1 ? UNKNOWN_LENGTH : typmod - 4;
    case OID.date:
      return 13;
    case OID.time:
      return 8 + fractionWidth(typmod);
    case OID.timestamp:
      return 22 + fractionWidth(typmod);
    case OID.timestamptz:
      return 28 + fractionWidth(typmod);
    case OID.bit:
    case OID.varbit:
      return typmod === -1 ? UNKNOWN_LENGTH : typmod;
    default:
      return UNKNOWN_LENGTH;
  }
}

/** PgJDBC's display width of the seconds' fraction: the dot and up to six digits. */
function fractionWidth(typmod: number): number {
  if (typmod === -1) return 7;
  return typmod === 0 ? 0 : typmod + 1;
}

function scaleOf(oid: number, typmod: number): number {
  switch (oid) {
    case OID.float4:
      return 8;
    case OID.float8:
      return 17;
    case OID.numeric:
      return typmod === -1 ? 0 : (typmod - 4) & 0xffff;
    case OID.time:
    case OID.timestamp:
    case OID.timestamptz:
      return typmod === -1 ? 6 : typmod;
    default:
      return 0;
  }
}
