/**
 * Specs, always inside one org: every statement filters by `org_id`, so another org's spec is
 * indistinguishable from one that does not exist. Nothing here reads a spec by id alone.
 */
import { ApiError, isApiError } from '../api-error';
import { isUuid, uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { decodeCursor, encodeCursor } from './cursor';
import { SPEC_COLUMNS, toSpec, type SpecRow } from './rows';
import type { Page, Spec } from './types';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** What `updateSpec` may change; an absent key leaves the column as it is. */
export interface SpecPatch {
  name?: string;
  sourceUrl?: string | null;
}

function nameTaken(error: unknown): unknown {
  if (isApiError(error) && error.code === 'conflict') {
    return new ApiError('conflict', 'a spec with this name already exists in the organization', { cause: error });
  }
  return error;
}

/**
 * Creates a spec in the org. A duplicate name within the org, or a creator who is not (or no
 * longer) a member of it, is a `conflict`; a name outside 1–200 characters is
 * `validation_failed` (checked by the database).
 */
export async function createSpec(
  db: DataExecutor,
  {
    orgId,
    createdBy,
    name,
    sourceUrl = null,
  }: { orgId: string; createdBy: string; name: string; sourceUrl?: string | null },
): Promise<Spec> {
  let rows: SpecRow[];
  try {
    // specs.created_by no longer references users (a removed member's specs stay, and an org API
    // key creates specs too), so the statement itself checks that the creator belongs to the org
    // now: a member, or one of the org's unrevoked keys.
    ({ rows } = await db.query<SpecRow>(
      `INSERT INTO specs (org_id, name, source_url, created_by)
       SELECT :orgId, :name, :sourceUrl, :createdBy
        WHERE EXISTS (SELECT 1 FROM users WHERE id = :createdBy AND org_id = :orgId)
           OR EXISTS (SELECT 1 FROM org_api_keys WHERE id = :createdBy AND org_id = :orgId AND revoked_at IS NULL)
       RETURNING ${SPEC_COLUMNS}`,
      { orgId: uuid(orgId), name, sourceUrl, createdBy: uuid(createdBy) },
    ));
  } catch (error) {
    throw nameTaken(error);
  }
  if (!rows[0]) throw new ApiError('conflict', 'the creator is not a member of the organization');
  return toSpec(rows[0]);
}

/**
 * The spec with this id in this org, or null (another org's spec, or a malformed id, included).
 */
export async function getSpec(
  db: DataExecutor,
  { orgId, specId }: { orgId: string; specId: string },
): Promise<Spec | null> {
  if (!isUuid(specId)) return null;
  const { rows } = await db.query<SpecRow>(`SELECT ${SPEC_COLUMNS} FROM specs WHERE org_id = :orgId AND id = :specId`, {
    orgId: uuid(orgId),
    specId: uuid(specId),
  });
  return rows[0] ? toSpec(rows[0]) : null;
}

/**
 * One page of the org's specs, newest first, ordered by (created_at, id) so pages never skip or
 * repeat a row. `limit` is 1–100 (default 20); `cursor` is a previous page's `nextCursor`.
 *
 * @example
 * const page = await listSpecs(db, { orgId, limit: 50 });
 * const next = page.nextCursor ? await listSpecs(db, { orgId, limit: 50, cursor: page.nextCursor }) : null;
 */
export async function listSpecs(
  db: DataExecutor,
  { orgId, limit = DEFAULT_PAGE_SIZE, cursor }: { orgId: string; limit?: number; cursor?: string | null },
): Promise<Page<Spec>> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ApiError('validation_failed', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, {
      details: [{ field: 'limit', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` }],
    });
  }
  const after = cursor ? decodeCursor(cursor) : null;
  // Times are compared as UTC explicitly: a TIMESTAMP parameter has no zone of its own.
  const { rows } = await db.query<SpecRow>(
    `SELECT ${SPEC_COLUMNS} FROM specs
      WHERE org_id = :orgId
        ${after ? `AND (created_at, id) < ((:afterCreatedAt AT TIME ZONE 'UTC'), :afterId)` : ''}
      ORDER BY created_at DESC, id DESC
      LIMIT :take`,
    after
      ? { orgId: uuid(orgId), afterCreatedAt: new Date(after.createdAt), afterId: uuid(after.id), take: limit + 1 }
      : { orgId: uuid(orgId), take: limit + 1 },
  );
  const items = rows.slice(0, limit).map(toSpec);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null;
  return { items, nextCursor };
}

/**
 * Changes the given fields of a spec in this org and bumps `updated_at`; returns the spec, or
 * null when the org has no spec with this id. A duplicate name is a `conflict`.
 */
export async function updateSpec(
  db: DataExecutor,
  { orgId, specId, patch }: { orgId: string; specId: string; patch: SpecPatch },
): Promise<Spec | null> {
  if (!isUuid(specId)) return null;
  const setName = patch.name !== undefined;
  const setSourceUrl = patch.sourceUrl !== undefined;
  try {
    const { rows } = await db.query<SpecRow>(
      `UPDATE specs
          SET name = CASE WHEN :setName THEN :name ELSE name END,
              source_url = CASE WHEN :setSourceUrl THEN :sourceUrl ELSE source_url END,
              updated_at = now()
        WHERE org_id = :orgId AND id = :specId
        RETURNING ${SPEC_COLUMNS}`,
      {
        orgId: uuid(orgId),
        specId: uuid(specId),
        setName,
        name: patch.name ?? null,
        setSourceUrl,
        sourceUrl: patch.sourceUrl ?? null,
      },
    );
    return rows[0] ? toSpec(rows[0]) : null;
  } catch (error) {
    throw nameTaken(error);
  }
}

/**
 * Deletes a spec of this org; true when one was deleted, false when the org has no such spec.
 */
export async function deleteSpec(
  db: DataExecutor,
  { orgId, specId }: { orgId: string; specId: string },
): Promise<boolean> {
  if (!isUuid(specId)) return false;
  const { rowCount } = await db.query(`DELETE FROM specs WHERE org_id = :orgId AND id = :specId`, {
    orgId: uuid(orgId),
    specId: uuid(specId),
  });
  return rowCount > 0;
}
