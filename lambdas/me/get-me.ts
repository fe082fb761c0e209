/**
 * `GET /api/me`: the caller and their org. Two Data API calls: the caller's row (auth) and the
 * org. A person sees `{user, org}`; an org API key sees `{apiKey, org}`.
 */
import { ApiError } from '../shared/api-error';
import type { DataExecutor } from '../shared/data-api/types';
import { actorIdOf } from '../shared/http/api-key-caller';
import { operation } from '../shared/http/operation';
import { presentOrg, presentUser } from '../shared/http/present';
import type { OrgCaller } from '../shared/http/types';
import type { getOrg } from '../shared/store/orgs';

export interface MeDeps {
  db: DataExecutor;
  store: { getOrg: typeof getOrg };
}

export const meOperations = {
  getMe: operation<MeDeps, OrgCaller>()({
    run: async function getMe({ auth }, deps) {
      const org = await deps.store.getOrg(deps.db, { orgId: auth.orgId });
      // users.org_id references orgs with ON DELETE RESTRICT, and a key goes with its org (ON
      // DELETE CASCADE): a missing org is a broken invariant.
      if (org === null)
        throw new ApiError('internal_error', 'internal error', {
          cause: new Error(`org ${auth.orgId} of caller ${actorIdOf(auth)} not found`),
        });
      if (auth.kind === 'orgApiKey') {
        const { keyId, name, scopes, start, expiresAt } = auth;
        return { status: 200, body: { apiKey: { id: keyId, name, scopes, start, expiresAt }, org: presentOrg(org) } };
      }
      return {
        status: 200,
        body: { user: presentUser({ id: auth.userId, email: auth.email, role: auth.role }), org: presentOrg(org) },
      };
    },
  }),
};
