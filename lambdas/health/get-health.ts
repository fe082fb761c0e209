/**
 * `GET /health`: liveness only. It never touches the database, whatever its query string says:
 * an anonymous caller must not be able to wake a paused Aurora cluster (min 0 ACU) or keep it
 * awake. The deep check (database reachable, migrations current) is `GET /internal/health`,
 * behind the platform key.
 */
import { operation } from '../shared/http/operation';
import type { AnonymousCaller, OperationResult } from '../shared/http/types';

/** `deep` is still accepted, and ignored, so monitors set up before the deep check moved keep getting 200. */
export const healthQuery = { deep: { type: 'string', optional: true, enum: ['0', '1'] } } as const;

/**
 * @example
 * await getHealth() // { status: 200, body: { status: 'ok' } }
 */
export async function getHealth(): Promise<OperationResult> {
  return { status: 200, body: { status: 'ok' } };
}

export const healthOperations = {
  getHealth: operation<unknown, AnonymousCaller>()({ query: healthQuery, run: getHealth }),
};
