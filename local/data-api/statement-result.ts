/**
 * Builds an ExecuteStatement response from a raw result: `records` (+ `columnMetadata`) or
 * `formattedRecords`, `numberOfRecordsUpdated`, `generatedFields`, within the response limits.
 */
import { affectedRows, type RawField, type RawResult, type Session } from './backend';
import { columnMetadata } from './column-metadata';
import { LIMITS } from './constants';
import { DataApiError } from './errors';
import { toJson } from './json';
import { assertSupported, encodeRow, formattedValue, type ResultOptions } from './result-encoding';
import type { SourceColumn } from './source-columns';
import type { TypeCatalog } from './type-catalog';

/** What the request asked for about the shape of the result. */
export interface ResultRequest {
  includeResultMetadata: boolean;
  formatRecordsAs: 'NONE' | 'JSON';
  resultSetOptions: ResultOptions;
}

/**
 * The response body (JSON text) for one statement's result.
 *
 * @example
 * const body = await statementResponse(session, catalog, raw, { includeResultMetadata: false, formatRecordsAs: 'NONE', resultSetOptions: {} }, sourcesOf);
 */
export async function statementResponse(
  session: Session,
  catalog: TypeCatalog,
  raw: RawResult,
  request: ResultRequest,
  /** The source columns behind the fields, for `columnMetadata` (source-columns.ts). */
  sourcesOf: (fields: RawField[]) => Promise<Map<string, SourceColumn>>,
): Promise<string> {
  if (!raw.fields) {
    return toJson({ numberOfRecordsUpdated: affectedRows(raw.command), generatedFields: [] });
  }
  const fields = raw.fields;
  const types = await catalog.typesOf(session, fields);
  assertSupported(types);
  const records = raw.rows.map((row) => encodeRow(row, types, request.resultSetOptions));
  if (request.formatRecordsAs === 'JSON') {
    const objects = records.map((record) =>
      Object.fromEntries(record.map((field, index) => [fields[index]!.name, formattedValue(field)])),
    );
    const formattedRecords = toJson(objects);
    if (Buffer.byteLength(formattedRecords) > LIMITS.formattedRecordsBytes) throw tooLarge();
    return toJson({ formattedRecords, numberOfRecordsUpdated: 0 });
  }
  const response: Record<string, unknown> = { records, numberOfRecordsUpdated: 0 };
  if (request.includeResultMetadata) {
    response.columnMetadata = columnMetadata(fields, types, await sourcesOf(fields));
  }
  const body = toJson(response);
  if (Buffer.byteLength(body) > LIMITS.responseBytes) throw tooLarge();
  return body;
}

function tooLarge(): DataApiError {
  return new DataApiError('BadRequestException', 'Database returned more than the allowed response size limit');
}
