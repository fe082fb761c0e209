/** `GET /health`: liveness, and with `?deep=1` a database round trip (503 when it fails). */
import { ApiError } from '../shared/api-error';
import type { DataExecutor } from '../shared/data-api/types';
import { operation } from '../shared/http/operation';
import type { AnonymousCaller, OperationInput, OperationResult } from '../shared/http/types';

export interface HealthDeps {
  db: DataExecutor;
}

export const healthQuery = { deep: { type: 'string', optional: true, enum: ['0', '1'] } } as const;

/**
 * @example
 * await getHealth({ auth: { kind: 'none' }, body: undefined, params: {}, query: { deep: '1' } }, { db })
 * // { status: 200, body: { status: 'ok', database: 'ok' } }
 */
export async function getHealth(
  input: OperationInput<AnonymousCaller, undefined, Record<string, never>, { deep?: string }>,
  deps: HealthDeps,
): Promise<OperationResult> {
  if (input.query.deep !== '1') return { status: 200, body: { status: 'ok' } };
  try {
    await deps.db.query('SELECT 1 AS ok');
  } catch (cause) {
    throw new ApiError('service_unavailable', 'database is unavailable', { cause });
  }
  return { status: 200, body: { status: 'ok', database: 'ok' } };
}

export const healthOperations = {
  getHealth: operation<HealthDeps, AnonymousCaller>()({ query: healthQuery, run: getHealth }),
};
