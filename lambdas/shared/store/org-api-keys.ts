/**
 * Org API keys. Every management statement filters by `org_id`, so another org's key is simply
 * not found; the two lookups by key (hash for the authorizer, id for the request functions)
 * return the key's org, which is then the only org the caller acts in. Creation and revocation
 * write their audit event in the same statement as the change.
 */
import { ApiError } from '../api-error';
import { isUuid, uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import { type CallerRef, checkCaller, qualified, queryAs, type Scope } from './caller';
import type { OrgApiKey } from './types';

/** At most this many active (neither revoked nor expired) keys per org. */
export const MAX_ACTIVE_KEYS_PER_ORG = 50;

interface OrgApiKeyRow {
  id: string;
  org_id: string;
  name: string;
  scopes: string[];
  start: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

const KEY_COLUMNS = 'id, org_id, name, scopes, start, created_by, created_at, expires_at, revoked_at, last_used_at';

function toOrgApiKey(row: OrgApiKeyRow): OrgApiKey {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    scopes: row.scopes,
    start: row.start,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** A moment as an ISO string with its zone, so the cast never depends on the session's TimeZone. */
const at = (now: Date): string => now.toISOString();

/** A new key's fields; who creates it is the caller, or (trusted scope) the org and `createdBy`. */
export type NewOrgApiKey = ({ caller: CallerRef } | { orgId: string; createdBy: string }) & {
  name: string;
  scopes: readonly string[];
  expiresInDays: number;
  /** What {@link generateApiKey} returned; the secret itself never reaches the database. */
  hash: string;
  start: string;
  now: Date;
};

/**
 * Creates a key and its `api_key.created` event: one statement, the caller's row and then
 * `create_org_api_key` (migration 0007), which takes the org's row lock, so two concurrent
 * creations cannot both pass the {@link MAX_ACTIVE_KEYS_PER_ORG} check: past it, 409
 * `key_limit_reached`.
 */
export async function createOrgApiKey(db: DataExecutor, key: NewOrgApiKey): Promise<OrgApiKey> {
  const scope: Scope = 'caller' in key ? { caller: key.caller } : { orgId: key.orgId, actorId: key.createdBy };
  const { rows } = await queryAs<{ outcome: string } & OrgApiKeyRow>(db, scope, {
    ctes: `result AS (
      SELECT c.* FROM actor a,
             create_org_api_key(a.caller_org_id, a.caller_id, :name, :hash, :start, string_to_array(:scopes, ','),
                                :now::timestamptz, :days::int, :maxActive::int) c)`,
    params: {
      name: key.name,
      hash: key.hash,
      start: key.start,
      scopes: key.scopes.join(','),
      now: at(key.now),
      days: key.expiresInDays,
      maxActive: MAX_ACTIVE_KEYS_PER_ORG,
    },
  });
  const row = rows[0];
  if (row?.outcome === 'key_limit')
    throw new ApiError(
      'key_limit_reached',
      `the organization already has ${MAX_ACTIVE_KEYS_PER_ORG} active API keys; revoke one first`,
    );
  if (row?.outcome !== 'ok') throw new ApiError('not_found', 'organization not found');
  return toOrgApiKey(row);
}

/** Every key of the org, revoked and expired ones included, newest first. */
export async function listOrgApiKeys(db: DataExecutor, scope: Scope): Promise<OrgApiKey[]> {
  const { rows } = await queryAs<OrgApiKeyRow>(db, scope, {
    ctes: `result AS (
      SELECT ${qualified(KEY_COLUMNS, 'k')} FROM org_api_keys k JOIN actor a ON k.org_id = a.caller_org_id)`,
    orderBy: 'created_at DESC, id DESC',
    idempotent: true,
  });
  return rows.map(toOrgApiKey);
}

/**
 * Revokes the org's key and writes `api_key.revoked`, in one statement. Idempotent: a key
 * already revoked stays as it was (no second event). Returns false when the org has no such key
 * (another org's, or a malformed id).
 */
export async function revokeOrgApiKey(
  db: DataExecutor,
  { keyId, now, ...scope }: ({ caller: CallerRef } | { orgId: string; actorId: string }) & { keyId: string; now: Date },
): Promise<boolean> {
  if (!isUuid(keyId)) {
    await checkCaller(db, scope);
    return false;
  }
  // The event's actor is the caller read in this statement (`actor.caller_id`).
  const { rows } = await queryAs<{ found: number }>(db, scope, {
    ctes: `target AS (
       SELECT k.id FROM org_api_keys k JOIN actor a ON k.org_id = a.caller_org_id WHERE k.id = :keyId
     ), revoked AS (
       UPDATE org_api_keys k SET revoked_at = :now::timestamptz
         FROM actor a
        WHERE k.org_id = a.caller_org_id AND k.id = :keyId AND k.revoked_at IS NULL
        RETURNING k.id, k.org_id, k.name, k.start, a.caller_id AS actor_id
     ), event AS (
       INSERT INTO org_events (org_id, action, actor_id, target, details)
       SELECT org_id, 'api_key.revoked', actor_id, jsonb_build_object('type', 'api_key', 'id', id),
              jsonb_build_object('name', name, 'start', start)
         FROM revoked
     ), result AS (
       SELECT 1 AS found FROM target
     )`,
    params: { keyId: uuid(keyId), now: at(now) },
    idempotent: true,
  });
  return rows.length > 0;
}

/** A key as a request function re-checks it, with its org. */
export interface ApiKeyCallerRow extends OrgApiKey {
  /** False when the key is revoked or expired at `now`. */
  active: boolean;
}

/**
 * The key with this id (null when there is none: unknown, or its org deleted), and, when it is
 * active and was last used over a minute ago (or never), `last_used_at` set to `now` in the same
 * statement: a busy key costs one write a minute, not one per request.
 */
export async function touchApiKey(
  db: DataExecutor,
  { keyId, now }: { keyId: string; now: Date },
): Promise<ApiKeyCallerRow | null> {
  if (!isUuid(keyId)) return null;
  const { rows } = await db.query<OrgApiKeyRow & { active: boolean; touched_at: string | null }>(
    `WITH found AS (
       SELECT k.id, k.org_id, k.name, k.scopes, k.start, k.created_by, k.created_at, k.expires_at,
              k.revoked_at, k.last_used_at
         FROM org_api_keys k JOIN orgs o ON o.id = k.org_id
        WHERE k.id = :keyId
     ), touched AS (
       UPDATE org_api_keys SET last_used_at = :now::timestamptz
        WHERE id = :keyId AND revoked_at IS NULL AND expires_at > :now::timestamptz
          AND (last_used_at IS NULL OR last_used_at < :now::timestamptz - interval '1 minute')
        RETURNING last_used_at
     )
     SELECT found.*, (found.revoked_at IS NULL AND found.expires_at > :now::timestamptz) AS active,
            (SELECT last_used_at FROM touched) AS touched_at
       FROM found`,
    { keyId: uuid(keyId), now: at(now) },
    { idempotent: true },
  );
  const row = rows[0];
  if (row === undefined) return null;
  return { ...toOrgApiKey(row), lastUsedAt: row.touched_at ?? row.last_used_at, active: row.active };
}

/** What the authorizer needs of a key, looked up by the hash of the presented secret. */
export interface ApiKeyVerdictRow {
  id: string;
  orgId: string;
  scopes: string[];
  expiresAt: string;
  revokedAt: string | null;
}

/** The key whose hash this is, or null. A read the `intello_authorizer` role may make. */
export async function findApiKeyByHash(db: DataExecutor, { hash }: { hash: string }): Promise<ApiKeyVerdictRow | null> {
  const { rows } = await db.query<OrgApiKeyRow>(
    'SELECT id, org_id, scopes, expires_at, revoked_at FROM org_api_keys WHERE key_hash = :hash',
    { hash },
  );
  const row = rows[0];
  if (row === undefined) return null;
  return { id: row.id, orgId: row.org_id, scopes: row.scopes, expiresAt: row.expires_at, revokedAt: row.revoked_at };
}
