/**
 * Specs, always inside one org: every statement filters by `org_id`, so another org's spec is
 * indistinguishable from one that does not exist. Nothing here reads a spec by id alone.
 */
import { ApiError, isApiError } from '../api-error';
import { isUuid, uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { type CallerRef, checkCaller, qualified, queryAs, type Scope } from './caller';
import { newestFirstPage } from './page';
import { SPEC_COLUMNS, toSpec, type SpecRow } from './rows';
import type { Page, Spec } from './types';

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

/** Who creates a spec: the caller, or (trusted scope) the org and the creating member or key. */
export type CreatorScope = { caller: CallerRef } | { orgId: string; createdBy: string };

/**
 * Creates a spec in the org, the caller (person or key) recorded as its creator: one statement.
 * A duplicate name within the org is a `conflict`; so is, in a trusted org scope, a creator who
 * is not (or no longer) a member or unrevoked key of it. A name outside 1–200 characters is
 * `validation_failed` (checked by the database).
 */
export async function createSpec(
  db: DataExecutor,
  { name, sourceUrl = null, ...scope }: CreatorScope & { name: string; sourceUrl?: string | null },
): Promise<Spec> {
  const within: Scope = 'caller' in scope ? { caller: scope.caller } : { orgId: scope.orgId, actorId: scope.createdBy };
  let rows: SpecRow[];
  try {
    // specs.created_by references nothing (a removed member's specs stay, and a key creates specs
    // too). A caller's row, read in this statement, proves they belong to the org now; a trusted
    // scope's creator is checked here.
    ({ rows } = await queryAs<SpecRow>(db, within, {
      ctes: `result AS (
        INSERT INTO specs (org_id, name, source_url, created_by)
        SELECT a.caller_org_id, :name, :sourceUrl, a.caller_id FROM actor a
         WHERE a.caller_kind <> 'org'
            OR EXISTS (SELECT 1 FROM users WHERE id = a.caller_id AND org_id = a.caller_org_id)
            OR EXISTS (SELECT 1 FROM org_api_keys
                        WHERE id = a.caller_id AND org_id = a.caller_org_id AND revoked_at IS NULL)
        RETURNING ${SPEC_COLUMNS})`,
      params: { name, sourceUrl },
    }));
  } catch (error) {
    throw nameTaken(error);
  }
  if (!rows[0]) throw new ApiError('conflict', 'the creator is not a member of the organization');
  return toSpec(rows[0]);
}

/**
 * The spec with this id in the scope's org, or null (another org's spec, or a malformed id,
 * included). One statement, the caller's row included.
 */
export async function getSpec(
  db: DataExecutor,
  { specId, ...scope }: Scope & { specId: string },
): Promise<Spec | null> {
  if (!isUuid(specId)) return checkCaller(db, scope).then(() => null);
  const { rows } = await queryAs<SpecRow>(db, scope, {
    ctes: `result AS (
      SELECT ${qualified(SPEC_COLUMNS, 's')}
        FROM specs s JOIN actor a ON s.org_id = a.caller_org_id
       WHERE s.id = :specId)`,
    params: { specId: uuid(specId) },
    idempotent: true,
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
export function listSpecs(
  db: DataExecutor,
  page: Scope & { limit?: number; cursor?: string | null },
): Promise<Page<Spec>> {
  return newestFirstPage(db, page, { table: 'specs', alias: 's', columns: SPEC_COLUMNS, toItem: toSpec });
}

/**
 * Changes the given fields of a spec in this org and bumps `updated_at`; returns the spec, or
 * null when the org has no spec with this id. A duplicate name is a `conflict`.
 */
export async function updateSpec(
  db: DataExecutor,
  { specId, patch, ...scope }: Scope & { specId: string; patch: SpecPatch },
): Promise<Spec | null> {
  if (!isUuid(specId)) return checkCaller(db, scope).then(() => null);
  const setName = patch.name !== undefined;
  const setSourceUrl = patch.sourceUrl !== undefined;
  try {
    const { rows } = await queryAs<SpecRow>(db, scope, {
      ctes: `result AS (
        UPDATE specs s
           SET name = CASE WHEN :setName THEN :name ELSE s.name END,
               source_url = CASE WHEN :setSourceUrl THEN :sourceUrl ELSE s.source_url END,
               updated_at = now()
          FROM actor a
         WHERE s.org_id = a.caller_org_id AND s.id = :specId
         RETURNING ${qualified(SPEC_COLUMNS, 's')})`,
      params: {
        specId: uuid(specId),
        setName,
        name: patch.name ?? null,
        setSourceUrl,
        sourceUrl: patch.sourceUrl ?? null,
      },
    });
    return rows[0] ? toSpec(rows[0]) : null;
  } catch (error) {
    throw nameTaken(error);
  }
}

/**
 * Deletes a spec of this org; true when one was deleted, false when the org has no such spec.
 */
export async function deleteSpec(db: DataExecutor, { specId, ...scope }: Scope & { specId: string }): Promise<boolean> {
  if (!isUuid(specId)) return checkCaller(db, scope).then(() => false);
  const { rows } = await queryAs<{ id: string }>(db, scope, {
    ctes: `result AS (
      DELETE FROM specs s USING actor a WHERE s.org_id = a.caller_org_id AND s.id = :specId RETURNING s.id)`,
    params: { specId: uuid(specId) },
  });
  return rows.length > 0;
}
