/** The shapes of the API's responses and request bodies, as `lambdas/shared/http/present.ts` writes them. */

export type OrgPlan = 'free' | 'pro' | 'enterprise' | (string & {});

/** `GET /api/me`. */
export interface Me {
  user: { id: string; email: string | null; role: string };
  org: { id: string; name: string; plan: OrgPlan };
}

/** One API spec of the caller's org. Timestamps are ISO 8601 strings. */
export interface Spec {
  id: string;
  name: string;
  sourceUrl: string | null;
  /** The id of the user who created it. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** One page of `GET /api/specs`, newest first; `nextCursor` is null on the last page. */
export interface SpecPage {
  items: Spec[];
  nextCursor: string | null;
}

export interface ListSpecsOptions {
  /** 1–100, default 20. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface CreateSpecInput {
  /** 1–200 characters, no leading or trailing spaces; unique in the org. */
  name: string;
  /** An https URL, or null. */
  sourceUrl?: string | null;
}

/** At least one field; `sourceUrl: null` clears it. */
export interface UpdateSpecInput {
  name?: string;
  sourceUrl?: string | null;
}

/** `POST /auth/sync`. */
export interface SyncResult {
  /** True when this call created the user and its org. */
  created: boolean;
  user: { id: string; email: string | null; role: string };
  org: { id: string; name: string; plan: OrgPlan };
}
