/**
 * The store's domain objects: camelCase, timestamps as ISO-8601 UTC strings with milliseconds
 * (`2026-01-02T03:04:05.678Z`), ids as lower-case UUID strings.
 */

export const PLANS = ['free', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export interface Org {
  id: string;
  name: string;
  plan: Plan;
  createdAt: string;
}

/** An org as the internal routes show it. */
export interface OrgWithMemberCount extends Org {
  memberCount: number;
}

export interface User {
  /** The Supabase `sub`. */
  id: string;
  orgId: string;
  /** Null for a Supabase user without an email (phone sign-in). */
  email: string | null;
  role: Role;
  createdAt: string;
  lastSyncedAt: string;
}

export interface Spec {
  id: string;
  orgId: string;
  name: string;
  sourceUrl: string | null;
  /** The user who created it. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** One page of a list, newest first; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An org API key as the store returns it: never the secret, never its hash. */
export interface OrgApiKey {
  id: string;
  orgId: string;
  name: string;
  scopes: string[];
  /** `intello_sk_` + the first 4 random characters. */
  start: string;
  /** The users id of whoever created it (they may have left since). */
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
