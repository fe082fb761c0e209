/**
 * "The caller", composed with each operation's SQL, so an authenticated request costs one Data
 * API call: the caller's row (a `users` row, or an org API key's) is read in the same statement
 * as the operation's rows, never cached across requests, and the operation's SQL can only reach
 * the org of that row.
 *
 * {@link queryAs} writes every such statement the same way:
 *
 *   WITH caller AS (<the caller's row, with `caller_allowed` for the route's role or scope>),
 *        actor  AS (SELECT * FROM caller WHERE caller_allowed),
 *        <the operation's CTEs, ending with one named `result`, joining `actor` for the org>
 *   SELECT caller.*, result.* FROM caller LEFT JOIN result ON true
 *
 * so the answer tells apart "no such caller" (no row), "caller lacks the role or scope" (a caller
 * row with `caller_allowed` false; the operation, which joins only `actor`, saw no org and
 * changed nothing) and "no such row in the caller's org" (an allowed caller, no `result`).
 */
import type { ApiKeyScope } from '../api-keys/scopes';
import { ApiError } from '../api-error';
import { type SqlParameters, uuid } from '../data-api/params';
import type { DataExecutor } from '../data-api/types';
import type { Role } from './types';

/** The exact message of the 428 a client gets until it calls `POST /auth/sync`. */
export const USER_NOT_SYNCED_MESSAGE = 'user account not synced, call POST /auth/sync first';

/**
 * Who claims to call (the authorizer proved it) and what the route asks of them: nothing read
 * from the database yet. The statement that serves the request reads the row.
 */
export interface CallerRef {
  kind: 'ref';
  /** A person (a users row, by the token's `sub`) or an org API key (its row, by id). */
  subject: 'user' | 'key';
  id: string;
  /** The route's lowest role for a person. */
  minRole: Role;
  /** The route's scope for a key (`any`: every key). */
  scope: ApiKeyScope | 'any';
  /** The function's clock: a key expired at `now` is refused, and `last_used_at` is set to it. */
  now: Date;
}

/** A person acting in their org: `orgId` and `role` come only from the users row read now. */
export interface UserCaller {
  kind: 'user';
  userId: string;
  orgId: string;
  role: string;
  /** Null for a user without an email (phone sign-in). */
  email: string | null;
}

/** An org API key acting in its org: `orgId` and `scopes` come only from the key row read now. */
export interface OrgApiKeyCaller {
  kind: 'orgApiKey';
  keyId: string;
  orgId: string;
  name: string;
  scopes: string[];
  start: string;
  expiresAt: string;
}

export type ActingCaller = UserCaller | OrgApiKeyCaller;

/**
 * Whose org a store function works in: an authenticated caller (their row read in the
 * statement), or an org the platform names (the internal API, and tests), trusted as given.
 */
export type Scope = { caller: CallerRef } | { orgId: string; actorId?: string | null };

/**
 * The caller's columns every answer carries, beside the operation's: four in common, then only
 * the kind's own (a person's role and email, a key's facts). Every column is one more field and
 * one more `columnMetadata` entry for the SDK to read on each request (docs/PERFORMANCE.md).
 */
interface CallerColumns {
  caller_kind: 'user' | 'key' | 'org';
  caller_id: string | null;
  caller_org_id: string;
  caller_allowed: boolean;
  caller_role?: string;
  caller_email?: string | null;
  caller_name?: string;
  caller_scopes?: string[];
  caller_start?: string;
  caller_expires_at?: string;
  caller_revoked_at?: string | null;
  caller_active?: boolean;
}

const ROLE_ORDER = "ARRAY['member', 'admin', 'owner']::text[]";

const USER_CALLER = `SELECT 'user'::text AS caller_kind, u.id AS caller_id, u.org_id AS caller_org_id,
         u.role::text AS caller_role, u.email AS caller_email,
         coalesce(array_position(${ROLE_ORDER}, u.role::text) >= array_position(${ROLE_ORDER}, :callerMinRole), false)
           AS caller_allowed
    FROM users u
   WHERE u.id = :callerId`;

const KEY_ACTIVE = 'k.revoked_at IS NULL AND k.expires_at > :callerNow::timestamptz';
const KEY_CALLER = `SELECT 'key'::text AS caller_kind, k.id AS caller_id, k.org_id AS caller_org_id, k.name AS caller_name,
         k.scopes AS caller_scopes, k.start AS caller_start, k.expires_at AS caller_expires_at,
         k.revoked_at AS caller_revoked_at, (${KEY_ACTIVE}) AS caller_active,
         (${KEY_ACTIVE} AND (:callerScope = 'any' OR :callerScope = ANY (k.scopes))) AS caller_allowed
    FROM org_api_keys k JOIN orgs o ON o.id = k.org_id
   WHERE k.id = :callerId`;
// An active key records its use at most once a minute, in the same statement (a data-modifying
// CTE runs whether or not the query reads it).
const KEY_TOUCH = `caller_touched AS (
    UPDATE org_api_keys SET last_used_at = :callerNow::timestamptz
     WHERE id = :callerId AND revoked_at IS NULL AND expires_at > :callerNow::timestamptz
       AND (last_used_at IS NULL OR last_used_at < :callerNow::timestamptz - interval '1 minute')
    RETURNING id
  ), `;

const TRUSTED_ORG = `SELECT 'org'::text AS caller_kind, :callerActorId::uuid AS caller_id, o.id AS caller_org_id,
         true AS caller_allowed
    FROM orgs o
   WHERE o.id = :callerOrgId`;

function callerSql(scope: Scope): { cte: string; params: SqlParameters } {
  if (!('caller' in scope)) {
    const actorId = scope.actorId ?? null;
    return {
      cte: `caller AS (${TRUSTED_ORG}), `,
      params: { callerOrgId: uuid(scope.orgId), callerActorId: actorId === null ? null : uuid(actorId) },
    };
  }
  const { caller } = scope;
  if (caller.subject === 'user')
    return {
      cte: `caller AS (${USER_CALLER}), `,
      params: { callerId: uuid(caller.id), callerMinRole: caller.minRole },
    };
  return {
    cte: `caller AS (${KEY_CALLER}), ${KEY_TOUCH}`,
    params: { callerId: uuid(caller.id), callerNow: caller.now.toISOString(), callerScope: caller.scope },
  };
}

/** `'id, name'` of table alias `s` → `'s.id, s.name'`: a column list qualified for a join with `actor`. */
export function qualified(columns: string, alias: string): string {
  return columns
    .split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

/** The operation's part of the statement. */
export interface ScopedStatement {
  /**
   * Comma-separated CTEs, the last named `result`. They read the org only as
   * `actor.caller_org_id` (and the actor as `actor.caller_id`), joining `actor`, which is empty
   * when the caller is missing or not allowed: then nothing is read and nothing changes.
   */
  ctes: string;
  params?: SqlParameters;
  /** Over `result`'s column names, e.g. `created_at DESC, id DESC`. */
  orderBy?: string;
  /** True when the statement may be retried after a throttle or 5xx (see `QueryOptions`). */
  idempotent?: boolean;
}

/** The caller this statement read, and the operation's rows. */
export interface ScopedAnswer<T> {
  /** Null for a trusted org scope. */
  caller: ActingCaller | null;
  rows: T[];
}

/**
 * Runs the operation's statement as the caller: one Data API call. Throws the caller's refusal
 * (428 `user_not_synced`, 401 for a key unknown, revoked or expired, 403 for a role or scope
 * below the route's); otherwise returns the rows, which come only from the caller's org.
 *
 * @example
 * const { rows } = await queryAs<SpecRow>(db, { caller }, {
 *   ctes: `result AS (SELECT s.* FROM specs s JOIN actor a ON s.org_id = a.caller_org_id WHERE s.id = :specId)`,
 *   params: { specId: uuid(specId) },
 * });
 */
export async function queryAs<T>(db: DataExecutor, scope: Scope, statement: ScopedStatement): Promise<ScopedAnswer<T>> {
  const caller = callerSql(scope);
  const sql = `WITH ${caller.cte}actor AS (SELECT * FROM caller WHERE caller_allowed),
  ${statement.ctes}
SELECT caller.*, found.*
  FROM caller LEFT JOIN (SELECT true AS result_found, result.* FROM result) found ON true
  ${statement.orderBy ? `ORDER BY ${statement.orderBy}` : ''}`;
  const { rows } = await db.query<CallerColumns & { result_found: boolean | null } & T>(
    sql,
    { ...caller.params, ...statement.params },
    statement.idempotent === undefined ? undefined : { idempotent: statement.idempotent },
  );
  const first = rows[0];
  const acting = 'caller' in scope ? actingCaller(scope.caller, first) : null;
  return { caller: acting, rows: rows.filter((r) => r.result_found === true) };
}

/**
 * The refusal a person's row read now calls for, if any: no row is 428 `user_not_synced`, a role
 * below the route's 403 `forbidden`. The one statement of a request and the caller read on its
 * own (a request whose input failed first) both answer through it.
 */
export function refusePerson<R>(row: R | undefined, allowed: (row: R) => boolean, minRole: Role): asserts row is R {
  if (row === undefined) throw new ApiError('user_not_synced', USER_NOT_SYNCED_MESSAGE);
  if (!allowed(row)) throw new ApiError('forbidden', `this needs the ${minRole} role in the organization`);
}

/**
 * The refusal an org API key's row read now calls for, if any: 401 for a key unknown (or gone with
 * its org), revoked or expired, 403 `insufficient_scope` for one without the route's scope.
 */
export function refuseKey<R>(
  row: R | undefined,
  facts: (row: R) => { revokedAt: string | null; active: boolean; hasScope: boolean },
  scope: ApiKeyScope | 'any',
): asserts row is R {
  if (row === undefined)
    throw new ApiError('unauthorized', 'API key not found (its organization may have been deleted)');
  const key = facts(row);
  if (key.revokedAt !== null) throw new ApiError('unauthorized', 'API key has been revoked');
  if (!key.active) throw new ApiError('unauthorized', 'API key has expired');
  if (!key.hasScope) throw new ApiError('insufficient_scope', `API key lacks the scope ${scope}`);
}

/** The caller the row describes, or the refusal the route's rules call for. */
function actingCaller(ref: CallerRef, row: CallerColumns | undefined): ActingCaller {
  if (ref.subject === 'user') {
    refusePerson(row, (r) => r.caller_allowed, ref.minRole);
    return {
      kind: 'user',
      userId: row.caller_id!,
      orgId: row.caller_org_id,
      role: row.caller_role!,
      email: row.caller_email ?? null,
    };
  }
  refuseKey(
    row,
    (r) => ({ revokedAt: r.caller_revoked_at ?? null, active: r.caller_active === true, hasScope: r.caller_allowed }),
    ref.scope,
  );
  return {
    kind: 'orgApiKey',
    keyId: row.caller_id!,
    orgId: row.caller_org_id,
    name: row.caller_name!,
    scopes: row.caller_scopes!,
    start: row.caller_start!,
    expiresAt: row.caller_expires_at!,
  };
}

/**
 * Only the caller's refusal, if any, for a store function whose own input already means "not
 * found" (a malformed id) and so runs no operation statement: one call for a caller, none for a
 * trusted scope. The answer stays the one the operation's statement would have given first.
 */
export async function checkCaller(db: DataExecutor, scope: Scope): Promise<void> {
  if ('caller' in scope) await queryAs(db, scope, { ctes: 'result AS (SELECT 1 AS nothing WHERE false)' });
}

/**
 * Throws `error` (the request's own input is wrong: a bad cursor, an empty patch) only after the
 * caller's refusal, if any: 428, 401 and 403 come before 400, as when the schemas refuse input.
 */
export async function refuseInput(db: DataExecutor, scope: Scope, error: unknown): Promise<never> {
  await checkCaller(db, scope);
  throw error;
}

/** The cursor's position, or (after the caller's refusal, if any) its `validation_failed`. */
export async function positionOf<T>(
  db: DataExecutor,
  scope: Scope,
  cursor: string | null | undefined,
  decode: (cursor: string) => T,
): Promise<T | null> {
  if (!cursor) return null;
  try {
    return decode(cursor);
  } catch (error) {
    return refuseInput(db, scope, error);
  }
}
