/**
 * The database invariants the reliability tests check after load, faults, races and fuzzing,
 * read through the local Data API: every user has exactly one org
 * and is its only member here (each org is created by its user's first sync), no org without
 * its user, no spec without its org or with a creator from another org, and — against what the
 * clients were told — every spec they saw created (and not deleted) is a row with the same
 * fields, and no other row exists.
 */
import { createDataApiClient, type DataApiClient } from '../../../lambdas/shared/data-api/client';
import type { LocalEndpoints } from '../../../local/stack';

/** The Data API client of a running stack, with the SDK's static local credentials. */
export function dataApiOf(endpoints: LocalEndpoints): DataApiClient {
  return createDataApiClient({
    region: 'us-east-1',
    resourceArn: endpoints.dataApiResourceArn,
    secretArn: endpoints.dataApiSecretArn,
    database: endpoints.dataApiDatabase,
    endpoint: endpoints.dataApiEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** What one client believes about its org: the specs it was told exist now. */
export interface ExpectedOrg {
  userId: string;
  orgId: string;
  specs: ReadonlyMap<string, { name: string; sourceUrl: string | null }>;
  /**
   * False once a write of this client got no definite answer (a 502 or 504, a lost connection):
   * it may or may not have happened, so `specs` is no longer exact. The refusals still are.
   */
  exact: boolean;
  /** Names of creates that were refused (4xx, 429, 503): no row may carry them. */
  refusedNames: ReadonlySet<string>;
  /** Source URLs of updates that were refused: no row may carry them. */
  refusedSourceUrls: ReadonlySet<string>;
}

export interface InvariantReport {
  users: number;
  orgs: number;
  specs: number;
  violations: string[];
}

interface SpecRow {
  id: string;
  org_id: string;
  name: string;
  source_url: string | null;
  created_by: string;
}

/**
 * Checks the whole database, and each expected org against its rows.
 *
 * @example
 * const report = await checkInvariants(dataApiOf(stack.endpoints), expectedOrgs);
 * expect(report.violations).toEqual([]);
 */
export async function checkInvariants(
  db: DataApiClient,
  expected: readonly ExpectedOrg[] = [],
): Promise<InvariantReport> {
  const violations: string[] = [];
  const users = (
    await db.query<{ id: string; org_id: string }>('SELECT id::text AS id, org_id::text AS org_id FROM users')
  ).rows;
  const orgs = (
    await db.query<{ id: string; members: number }>(
      'SELECT o.id::text AS id, (SELECT count(*) FROM users u WHERE u.org_id = o.id)::int AS members FROM orgs o',
    )
  ).rows;
  const specs = (
    await db.query<SpecRow>(
      'SELECT id::text AS id, org_id::text AS org_id, name, source_url, created_by::text AS created_by FROM specs',
    )
  ).rows;
  const orgIds = new Set(orgs.map((o) => o.id));
  const userOrg = new Map(users.map((u) => [u.id, u.org_id]));

  for (const user of users)
    if (!orgIds.has(user.org_id)) violations.push(`user ${user.id} has no org (org_id ${user.org_id})`);
  for (const org of orgs)
    if (org.members !== 1) violations.push(`org ${org.id} has ${org.members} members, expected exactly its creator`);
  for (const spec of specs) {
    if (!orgIds.has(spec.org_id)) violations.push(`spec ${spec.id} has no org (org_id ${spec.org_id})`);
    if (userOrg.get(spec.created_by) !== spec.org_id)
      violations.push(`spec ${spec.id} was created by ${spec.created_by}, who is not in its org ${spec.org_id}`);
  }

  const specsByOrg = new Map<string, SpecRow[]>();
  for (const spec of specs) specsByOrg.set(spec.org_id, [...(specsByOrg.get(spec.org_id) ?? []), spec]);
  for (const org of expected) {
    if (userOrg.get(org.userId) !== org.orgId)
      violations.push(`user ${org.userId} is in org ${userOrg.get(org.userId)}, the client was told ${org.orgId}`);
    const rows = new Map((specsByOrg.get(org.orgId) ?? []).map((row) => [row.id, row]));
    for (const row of rows.values()) {
      if (org.refusedNames.has(row.name))
        violations.push(`spec ${row.id} is named "${row.name}", a create the client was told failed`);
      if (row.source_url !== null && org.refusedSourceUrls.has(row.source_url))
        violations.push(`spec ${row.id} has source URL ${row.source_url}, an update the client was told failed`);
    }
    if (!org.exact) continue;
    for (const [id, spec] of org.specs) {
      const row = rows.get(id);
      if (!row) violations.push(`spec ${id} ("${spec.name}") was answered 201/200 and not deleted, but is not a row`);
      else if (row.name !== spec.name || row.source_url !== spec.sourceUrl)
        violations.push(
          `spec ${id} is ${JSON.stringify([row.name, row.source_url])}, the client was told ${JSON.stringify([spec.name, spec.sourceUrl])}`,
        );
    }
    for (const row of rows.values()) {
      if (!org.specs.has(row.id))
        violations.push(
          `spec ${row.id} ("${row.name}") of org ${org.orgId} is a row, but the client was never told it was created (or was told it failed or was deleted)`,
        );
    }
  }
  return { users: users.length, orgs: orgs.length, specs: specs.length, violations };
}
